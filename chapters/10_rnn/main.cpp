// Chapter 10 program: a character-level recurrent network trained on a real word list
// (Debian's /usr/share/dict/words) with truncated BPTT, gradient clipping and Adam.
// Prints a line per epoch (train and validation cross-entropy, in nats and bits, against
// unigram and bigram baselines); generates words at several temperatures and counts how
// many are real words; plots ||dL/dh_t|| against t for small and large recurrent weights
// (vanishing and exploding gradients) and compares training with and without clipping.
#include <algorithm>
#include <cmath>
#include <fstream>
#include <iostream>
#include <limits>
#include <numeric>
#include <sstream>
#include <string>
#include <unordered_set>
#include <vector>

#include "chars.hpp"
#include "nn/cli.hpp"
#include "nn/error.hpp"
#include "nn/metrics.hpp"
#include "nn/plot.hpp"
#include "nn/rng.hpp"
#include "optim.hpp"
#include "rnn.hpp"

namespace {

const double kLn2 = std::log(2.0);

std::string num(double v) {
    std::ostringstream os;
    os << v;
    return os.str();
}

// Cross-entropy (nats per predicted symbol) of the targets of `streams` under a unigram
// and a bigram model counted on the training streams (add-one smoothing for the bigram).
struct Baselines {
    double unigram = 0, bigram = 0;
};

Baselines baselines(const arma::umat& train, const arma::umat& valid, arma::uword V) {
    arma::vec uni(V, arma::fill::zeros);
    arma::mat bi(V, V, arma::fill::ones);  // bi(next, prev), add-one smoothing
    for (arma::uword b = 0; b < train.n_rows; ++b)
        for (arma::uword s = 0; s + 1 < train.n_cols; ++s) {
            uni(train(b, s + 1)) += 1;
            bi(train(b, s + 1), train(b, s)) += 1;
        }
    uni /= arma::accu(uni);
    bi.each_row() /= arma::sum(bi, 0);
    Baselines out;
    double n = 0;
    for (arma::uword b = 0; b < valid.n_rows; ++b)
        for (arma::uword s = 0; s + 1 < valid.n_cols; ++s) {
            out.unigram -= std::log(std::max(uni(valid(b, s + 1)), 1e-12));
            out.bigram -= std::log(bi(valid(b, s + 1), valid(b, s)));
            n += 1;
        }
    out.unigram /= n;
    out.bigram /= n;
    return out;
}

// Settings of one training run.
struct RunConfig {
    arma::uword hidden = 96, streams = 32, chunk = 32;
    double lr = 0.005, clip = 1.0, gain = 1.0;
    nn::OptimizerKind optimizer = nn::OptimizerKind::Adam;
};

// ||dL/dh_t||, t = 1..T (Frobenius norm over the batch), for the loss of the last step only.
arma::vec grad_norms_last_step(nn::Rnn& net, const arma::umat& streams, arma::uword T) {
    const arma::uword V = net.input_size(), B = streams.n_rows;
    std::vector<arma::mat> X(T), Y;
    for (arma::uword t = 0; t < T; ++t) nn::fill_one_hot(streams, t, V, X[t]);
    net.forward(X, arma::zeros(net.hidden_size(), B), Y);
    std::vector<arma::mat> dY(T, arma::mat(V, B, arma::fill::zeros)), dLast;
    // only the prediction made at step T has a loss
    nn::sequence_loss({Y[T - 1]}, {streams.col(T)}, dLast);
    dY[T - 1] = dLast[0];
    net.backward_through_time(dY);
    arma::vec norms(T);
    for (arma::uword t = 1; t <= T; ++t) norms(t - 1) = arma::norm(net.hidden_grad(t), "fro");
    return norms;
}

// Trailing mean of the last `w` values of v (a smoothed curve for noisy per-chunk losses).
arma::vec smooth(const std::vector<double>& v, std::size_t w) {
    arma::vec out(v.size());
    double s = 0;
    for (std::size_t i = 0; i < v.size(); ++i) {
        s += v[i];
        if (i >= w) s -= v[i - w];
        out(i) = s / static_cast<double>(std::min(i + 1, w));
    }
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    nn::Program prog("ch10_rnn",
                     "A character-level recurrent network (tanh RNN, truncated BPTT, gradient clipping, "
                     "Adam) learns to spell English words and generates new ones.");
    prog.defaults.epochs = 5;
    prog.defaults.lr = 0.005;
    prog.add_common();
    prog.app.get_option("--data")->description(
        "Word list, one word per line (default /usr/share/dict/words from Debian's wamerican); words of "
        "the letters a-z only are kept");
    prog.app.get_option("--lr")->description("Adam step size");

    RunConfig rc;
    arma::uword max_words = 0, samples = 200, demo_steps = 60;
    double valid_fraction = 0.1;
    std::string temps_text = "0.5,1,1.5";
    bool skip_demos = false;
    double clip_demo_lr = 2.0;
    prog.app.add_option("--hidden", rc.hidden, "Hidden units H")->check(nn::positive_integer())->capture_default_str();
    prog.app.add_option("--streams", rc.streams, "Parallel character streams B (the batch)")
        ->check(nn::positive_integer())
        ->capture_default_str();
    prog.app.add_option("--chunk", rc.chunk, "Truncation length of BPTT (steps per chunk)")
        ->check(nn::positive_integer())
        ->capture_default_str();
    prog.app.add_option("--clip", rc.clip, "Clip the global gradient norm at this value (0: no clipping)")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    std::string optimizer_text = "adam";
    prog.app.add_option("--optimizer", optimizer_text, "sgd | momentum | adam")
        ->check(CLI::IsMember({"sgd", "momentum", "adam"}))
        ->capture_default_str();
    prog.app.add_option("--gain", rc.gain, "Initial recurrent weights W_hh = gain * (random orthogonal matrix)")
        ->check(nn::positive_number())
        ->capture_default_str();
    prog.app.add_option("--max-words", max_words, "Use at most this many words of the list (0: all)")
        ->capture_default_str();
    prog.app.add_option("--valid-fraction", valid_fraction, "Fraction of the words held out for validation")
        ->check(CLI::Range(0.01, 0.5))
        ->capture_default_str();
    prog.app.add_option("--samples", samples, "Words generated per temperature")
        ->check(nn::positive_integer())
        ->capture_default_str();
    prog.app.add_option("--temperatures", temps_text, "Sampling temperatures, comma-separated")->capture_default_str();
    prog.app.add_option("--clip-demo-lr", clip_demo_lr, "SGD step size of the with/without clipping comparison")
        ->check(nn::positive_number())
        ->capture_default_str();
    prog.app.add_flag("--skip-demos", skip_demos,
                      "Skip the vanishing/exploding and clipping demonstrations and the timing");

    return prog.run(argc, argv, [&](const nn::CommonOptions& o) {
        nn::Timer wall;
        rc.lr = o.lr;
        rc.optimizer = nn::parse_optimizer(optimizer_text);
        std::vector<double> temps;
        {
            std::stringstream ss(temps_text);
            std::string item;
            while (std::getline(ss, item, ',')) {
                char* end = nullptr;
                const double v = std::strtod(item.c_str(), &end);
                if (item.empty() || *end != '\0' || !(v >= 0) || !std::isfinite(v))
                    throw CLI::ValidationError("--temperatures", "expected numbers >= 0 such as 0.5,1,1.5, got '" +
                                                                     temps_text + "'");
                temps.push_back(v);
            }
        }

        // ---------------------------------------------------------------- data
        const std::string path = o.data.empty() ? "/usr/share/dict/words" : o.data;
        std::vector<std::string> words = nn::load_words(path);
        std::shuffle(words.begin(), words.end(), nn::rng());
        if (max_words > 0 && words.size() > max_words) words.resize(max_words);
        const std::size_t n_valid = std::max<std::size_t>(1, static_cast<std::size_t>(valid_fraction * words.size()));
        if (words.size() < n_valid + 10)
            throw nn::DataError("the word list " + path + " has only " + std::to_string(words.size()) +
                                " usable words; at least " + std::to_string(n_valid + 10) + " are needed");
        std::vector<std::string> valid(words.end() - static_cast<long>(n_valid), words.end());
        std::vector<std::string> train(words.begin(), words.end() - static_cast<long>(n_valid));
        const std::unordered_set<std::string> train_set(train.begin(), train.end());
        const std::unordered_set<std::string> valid_set(valid.begin(), valid.end());
        const nn::CharVocab vocab("abcdefghijklmnopqrstuvwxyz");
        const arma::uword V = vocab.size();
        const arma::umat valid_streams = nn::make_streams(valid, vocab, std::min<arma::uword>(rc.streams, 16));
        // The demonstrations after training cut the held-out words into 16 probe streams and
        // into --streams timing streams: checked now, not after the training.
        arma::umat probe, timing_streams;
        if (!skip_demos) {
            try {
                probe = nn::make_streams(valid, vocab, 16);
                timing_streams = nn::make_streams(valid, vocab, rc.streams);
                // a gradient that reaches back at least one step: T >= 2
                if (probe.n_cols < 3) throw std::invalid_argument("T < 2");
            } catch (const std::invalid_argument&) {
                throw nn::DataError("the " + std::to_string(valid.size()) + " held-out words of " + path +
                                    " are too short for the demonstrations (16 and --streams " +
                                    std::to_string(rc.streams) + " streams of text); use a longer word list, a "
                                    "larger --valid-fraction, fewer --streams, or --skip-demos");
            }
        }
        double train_chars = 0;
        for (const auto& w : train) train_chars += static_cast<double>(w.size() + 1);
        prog.say(path + ": " + std::to_string(words.size()) + " lower-case words (" + std::to_string(train.size()) +
                 " for training, " + std::to_string(valid.size()) + " held out), " + num(train_chars) +
                 " training characters with the end markers, vocabulary \"" + vocab.symbols() + "\" (V = " +
                 std::to_string(V) + ")");

        // ---------------------------------------------------------------- baselines
        const Baselines base = baselines(nn::make_streams(train, vocab, 1), valid_streams, V);
        prog.say("baselines on the held-out words: unigram " + nn::fmt(base.unigram, 4) + " nats (" +
                 nn::fmt(base.unigram / kLn2, 4) + " bits) per character, bigram " + nn::fmt(base.bigram, 4) +
                 " nats (" + nn::fmt(base.bigram / kLn2, 4) + " bits); uniform over 27 symbols " +
                 nn::fmt(std::log(27.0), 4) + " nats");

        // ---------------------------------------------------------------- model
        nn::Rnn net(V, rc.hidden, V);
        net.init(rc.gain);
        nn::OptimizerConfig cfg;
        cfg.kind = rc.optimizer;
        cfg.lr = rc.lr;
        nn::Optimizer opt(cfg);
        const auto params = net.parameters();
        const double clip = rc.clip > 0 ? rc.clip : std::numeric_limits<double>::max();
        prog.say("network " + net.summary() + "; " + optimizer_text + " lr " + num(rc.lr) + ", initial recurrent gain " + num(rc.gain) + ", " + std::to_string(rc.streams) +
                 " streams, BPTT truncated every " + std::to_string(rc.chunk) + " steps, " +
                 (rc.clip > 0 ? "gradients clipped at norm " + num(rc.clip) : std::string("no clipping")) + ", " +
                 std::to_string(o.epochs) + " epochs");

        // ---------------------------------------------------------------- train
        nn::EpochLogger log(o.epochs, o.quiet);
        std::vector<double> chunk_loss, chunk_x, valid_loss, train_loss, norms;
        double train_seconds = 0;
        std::size_t clipped = 0, chunks_total = 0;
        for (int e = 1; e <= o.epochs; ++e) {
            nn::Timer t;
            std::shuffle(train.begin(), train.end(), nn::rng());
            const arma::umat streams = nn::make_streams(train, vocab, rc.streams);
            arma::mat h(rc.hidden, rc.streams, arma::fill::zeros);
            std::size_t clipped_epoch = 0;
            const double loss = nn::truncated_bptt(net, streams, rc.chunk, h, [&](std::size_t c, std::size_t n, double l) {
                const double g = nn::clip_grad_norm(params, clip);
                if (g > clip) ++clipped_epoch;
                opt.step(params);
                norms.push_back(g);
                chunk_loss.push_back(l);
                chunk_x.push_back(e - 1 + static_cast<double>(c) / static_cast<double>(n));
                log.progress(c, n);
            });
            const double seconds = t.seconds();
            train_seconds += seconds;
            const double vl = nn::stream_loss(net, valid_streams);
            nn::require_finite(vl, "epoch " + std::to_string(e) + " (validation)", "lower --lr or use --clip");
            // the first chunk's loss is the untrained network's: 10^6 times it is divergence too
            nn::require_not_diverged(loss, chunk_loss.front(), "epoch " + std::to_string(e), "lower --lr or use --clip");
            train_loss.push_back(loss);
            valid_loss.push_back(vl);
            const std::size_t n_chunks = (streams.n_cols - 1 + rc.chunk - 1) / rc.chunk;
            clipped += clipped_epoch;
            chunks_total += n_chunks;
            log.epoch(e, "train " + nn::fmt(loss, 4) + " nats (" + nn::fmt(loss / kLn2, 4) + " bits)  |  valid " +
                             nn::fmt(vl, 4) + " nats (" + nn::fmt(vl / kLn2, 4) + " bits)  |  clipped " +
                             std::to_string(clipped_epoch) + "/" + std::to_string(n_chunks) + " chunks  |  " +
                             nn::fmt(seconds, 3) + " s");
        }
        const double seconds_per_epoch = train_seconds / o.epochs;

        // ---------------------------------------------------------------- samples
        std::ofstream samples_file;
        if (!o.no_plots) samples_file.open(o.out + "/ch10_samples.txt");
        if (samples_file)
            samples_file << "# words generated by ch10_rnn (" << net.summary() << "), " << samples
                         << " per temperature; * = a word of the list, + = a held-out word the model never saw\n";
        std::vector<nn::Json> per_temp;
        double real_fraction_t1 = NAN;
        for (double T : temps) {
            arma::mat h(rc.hidden, 1, arma::fill::zeros);
            std::size_t real = 0, novel_real = 0, copies = 0;
            std::vector<std::string> shown;
            if (samples_file) samples_file << "\n## temperature " << T << "\n";
            for (arma::uword i = 0; i < samples; ++i) {
                const std::string w = nn::sample_word(net, vocab, h, T, nn::rng());
                const bool in_train = train_set.count(w) > 0, in_valid = valid_set.count(w) > 0;
                real += in_train || in_valid;
                copies += in_train;
                novel_real += in_valid;
                const std::string mark = in_valid ? "+" : (in_train ? "*" : "");
                // the console shows only invented strings: the real words (any word of the list,
                // whatever it means) are counted below and listed in the samples file
                if (shown.size() < 12 && !w.empty() && !in_train && !in_valid) shown.push_back(w);
                if (samples_file) samples_file << w << mark << "\n";
            }
            const double frac = static_cast<double>(real) / static_cast<double>(samples);
            if (T == 1.0) real_fraction_t1 = frac;
            std::string line;
            for (const auto& s : shown) line += (line.empty() ? "" : " ") + s;
            prog.say("temperature " + num(T) + ", invented words: " + line);
            prog.say("    " + std::to_string(real) + " of " + std::to_string(samples) + " are real words (" +
                     nn::fmt(100 * frac, 3) + "%): " + std::to_string(copies) + " from the training words, " +
                     std::to_string(novel_real) + " held-out words the model never saw");
            nn::Json j;
            j.set("temperature", T).set("real_fraction", frac).set("training_words", static_cast<unsigned long>(copies))
                .set("held_out_words", static_cast<unsigned long>(novel_real));
            per_temp.push_back(j);
        }
        if (samples_file) prog.say("samples: " + o.out + "/ch10_samples.txt (* training word, + held-out word)");

        // ---------------------------------------------------------------- plots of the run
        {
            nn::plot::LineOptions lo;
            lo.title = "Character-level RNN on " + std::to_string(train.size()) + " words: loss per character";
            lo.xlabel = "epoch";
            lo.ylabel = "cross-entropy per character (nats; bits = nats / 0.693)";
            const arma::vec ex = arma::regspace<arma::vec>(1, o.epochs);
            const arma::vec xs = {0.0, static_cast<double>(o.epochs)};
            nn::plot::lines(o.out, "ch10_loss",
                            {{"train (per chunk, running mean of 50)", arma::vec(chunk_x), smooth(chunk_loss, 50), "lines"},
                             {"validation (held-out words)", ex, arma::vec(valid_loss), "linespoints"},
                             {"unigram baseline", xs, arma::vec{base.unigram, base.unigram}, "lines"},
                             {"bigram baseline", xs, arma::vec{base.bigram, base.bigram}, "lines"}},
                            lo);
        }

        // ---------------------------------------------------------------- vanishing / exploding
        nn::Json demo;
        if (!skip_demos) {
            const arma::uword T = std::min<arma::uword>(demo_steps, probe.n_cols - 1);
            // how far back the printed ratios look: 10 and 30 steps, or T - 1 for short held-out text
            const arma::uword k10 = std::min<arma::uword>(10, T - 1), k30 = std::min<arma::uword>(30, T - 1);
            std::vector<nn::plot::Series> series;
            const arma::vec steps_back = arma::regspace<arma::vec>(0, T - 1);
            prog.say("||dL/dh_t|| / ||dL/dh_T|| for a loss at the last step T = " + std::to_string(T) +
                     " only (untrained networks, W_hh = g Q with Q orthogonal):");
            for (double g : {0.5, 1.0, 2.0, 4.0}) {
                nn::Rnn probe_net(V, rc.hidden, V);
                probe_net.init(g);
                const arma::vec n = grad_norms_last_step(probe_net, probe, T);
                const arma::vec ratio = arma::reverse(n / n(T - 1));  // index k: k steps back
                series.push_back({"untrained, g = " + num(g), steps_back, ratio, "lines"});
                prog.say("    g = " + num(g) + ":  " + std::to_string(k10) + " steps back " + nn::fmt(ratio(k10), 3) +
                         ",  " + std::to_string(k30) + " steps back " + nn::fmt(ratio(k30), 3) + ",  " +
                         std::to_string(T - 1) + " steps back " + nn::fmt(ratio(T - 1), 3));
                demo.set("grad_ratio_30_steps_g" + num(g), ratio(k30));
            }
            const arma::vec n = grad_norms_last_step(net, probe, T);
            const arma::vec ratio = arma::reverse(n / n(T - 1));
            series.push_back({"trained network", steps_back, ratio, "lines"});
            prog.say("    trained: " + std::to_string(k10) + " steps back " + nn::fmt(ratio(k10), 3) + ",  " +
                     std::to_string(k30) + " steps back " + nn::fmt(ratio(k30), 3));
            demo.set("grad_ratio_30_steps_trained", ratio(k30));
            nn::plot::LineOptions lo;
            lo.title = "How far back the gradient reaches: loss at the last step only";
            lo.xlabel = "steps back from the loss (T - t)";
            lo.ylabel = "||dL/dh_t|| / ||dL/dh_T||";
            lo.logy = true;
            nn::plot::lines(o.out, "ch10_grad_norms", series, lo);
        }

        // ---------------------------------------------------------------- clipping
        if (!skip_demos) {
            // The same short run twice (same seed, same words): plain SGD with a step size that
            // is too large for the rare steep chunks, without and with clipping at norm 1.
            std::vector<std::string> part(train.begin(), train.begin() + std::min<std::size_t>(12000, train.size()));
            std::vector<nn::plot::Series> loss_series, norm_series;
            prog.say("clipping: plain SGD with lr " + num(clip_demo_lr) + " on " + std::to_string(part.size()) +
                     " words, 2 epochs, the same initial weights:");
            for (double c : {0.0, 1.0}) {
                nn::seed_all(o.seed + 1);
                nn::Rnn demo_net(V, rc.hidden, V);
                demo_net.init(1.0);
                nn::OptimizerConfig sgd;
                sgd.kind = nn::OptimizerKind::SGD;
                sgd.lr = clip_demo_lr;
                nn::Optimizer demo_opt(sgd);
                const auto demo_params = demo_net.parameters();
                std::vector<double> demo_loss, demo_norm;
                const double cc = c > 0 ? c : std::numeric_limits<double>::max();
                for (int e = 0; e < 2; ++e) {
                    const arma::umat st = nn::make_streams(part, vocab, rc.streams);
                    arma::mat h(rc.hidden, rc.streams, arma::fill::zeros);
                    nn::truncated_bptt(demo_net, st, rc.chunk, h, [&](std::size_t, std::size_t, double l) {
                        demo_norm.push_back(nn::clip_grad_norm(demo_params, cc));
                        demo_opt.step(demo_params);
                        demo_loss.push_back(l);
                    });
                }
                const double vl = nn::stream_loss(demo_net, valid_streams);
                const std::string label = c > 0 ? "clipped at norm " + num(c) : "no clipping";
                const arma::vec x = arma::regspace<arma::vec>(1, demo_loss.size());
                loss_series.push_back({label, x, arma::vec(demo_loss), "lines"});
                norm_series.push_back({label + " (norm before clipping)", x, arma::vec(demo_norm), "lines"});
                const arma::vec dn(demo_norm);
                prog.say("    " + label + ": final chunk loss " + nn::fmt(demo_loss.back(), 4) + ", validation " +
                         nn::fmt(vl, 4) + " nats; gradient norm median " + nn::fmt(arma::median(dn), 3) + ", max " +
                         nn::fmt(dn.max(), 3));
                demo.set(c > 0 ? "clip_demo_valid_loss_clipped" : "clip_demo_valid_loss_unclipped", vl);
            }
            nn::plot::LineOptions lo;
            lo.title = "Plain SGD, lr " + num(clip_demo_lr) + ": loss per chunk with and without clipping";
            lo.xlabel = "chunk (one update each)";
            lo.ylabel = "cross-entropy per character (nats)";
            lo.logy = true;
            nn::plot::lines(o.out, "ch10_clipping_loss", loss_series, lo);
            lo.title = "Plain SGD, lr " + num(clip_demo_lr) + ": global gradient norm per chunk";
            lo.ylabel = "||g|| before clipping";
            nn::plot::lines(o.out, "ch10_clipping_norms", norm_series, lo);

            // batched GEMMs against one sequence at a time, the same characters
            const arma::umat& st = timing_streams;
            const arma::uword T = std::min<arma::uword>(rc.chunk, st.n_cols - 1);
            auto run = [&](const arma::umat& streams, int reps) {
                nn::Timer t;
                for (int r = 0; r < reps; ++r) {
                    arma::mat h(rc.hidden, streams.n_rows, arma::fill::zeros);
                    nn::truncated_bptt(net, streams.cols(0, T), T, h, nullptr);
                }
                return t.seconds() / reps;
            };
            const double batched = run(st, 20);
            double single = 0;
            for (arma::uword b = 0; b < st.n_rows; ++b) single += run(st.row(b), 2);
            const double chars = static_cast<double>(T * st.n_rows);
            prog.say("speed of forward + BPTT on " + num(chars) + " characters: " + nn::fmt(chars / batched / 1e3, 3) +
                     "k characters/s as one batch of " + std::to_string(st.n_rows) + " streams, " +
                     nn::fmt(chars / single / 1e3, 3) + "k characters/s one stream at a time (" +
                     nn::fmt(single / batched, 3) + "x slower)");
            demo.set("seconds_per_1000_chars_batched", 1e3 * batched / chars)
                .set("seconds_per_1000_chars_one_stream", 1e3 * single / chars);
        }

        // ---------------------------------------------------------------- metrics
        nn::Json m;
        m.set("words", static_cast<unsigned long>(words.size()))
            .set("train_words", static_cast<unsigned long>(train.size()))
            .set("valid_words", static_cast<unsigned long>(valid.size()))
            .set("hidden", static_cast<unsigned long>(rc.hidden))
            .set("streams", static_cast<unsigned long>(rc.streams))
            .set("chunk", static_cast<unsigned long>(rc.chunk))
            .set("clip", rc.clip)
            .set("lr", rc.lr)
            .set("epochs", o.epochs)
            .set("train_loss", train_loss.back())
            .set("valid_loss", valid_loss.back())
            .set("train_bits_per_char", train_loss.back() / kLn2)
            .set("valid_bits_per_char", valid_loss.back() / kLn2)
            .set("unigram_baseline", base.unigram)
            .set("bigram_baseline", base.bigram)
            .set("clipped_fraction", static_cast<double>(clipped) / static_cast<double>(std::max<std::size_t>(1, chunks_total)))
            .set("real_word_fraction_t1", real_fraction_t1)
            .set("samples", per_temp)
            .set("valid_loss_per_epoch", valid_loss)
            .set("seconds_per_epoch", seconds_per_epoch)
            .set("seconds", wall.seconds());
        if (!skip_demos) m.set("gradient_demo", demo);
        prog.write_metrics(m);
        std::cout << "valid loss " << nn::fmt(valid_loss.back(), 4) << " nats (" << nn::fmt(valid_loss.back() / kLn2, 4)
                  << " bits) per character vs unigram " << nn::fmt(base.unigram, 4) << ", bigram "
                  << nn::fmt(base.bigram, 4) << "; real words at T=1: " << nn::fmt(100 * real_fraction_t1, 3) << "%; "
                  << nn::fmt(seconds_per_epoch, 3) << " s per epoch, " << nn::fmt(wall.seconds(), 3) << " s in all"
                  << std::endl;
        return 0;
    });
}
