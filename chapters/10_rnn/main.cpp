// Chapter 10 program — a character-level RNN (truncated BPTT, clipping, Adam) learns to spell
// English words. Demonstrations: train_model, sample_words, vanishing_exploding, clipping_demo.
#include <algorithm>
#include <cmath>
#include <fstream>
#include <iostream>
#include <limits>
#include <string>
#include <vector>

#include "chars.hpp"
#include "nn/cli.hpp"
#include "nn/error.hpp"
#include "nn/metrics.hpp"
#include "nn/plot.hpp"
#include "nn/rng.hpp"
#include "nn/text.hpp"
#include "optim.hpp"
#include "program.hpp"  // the program's structs; baselines, figures, metrics: program_*.cpp
#include "rnn.hpp"

using namespace ch10;

namespace {

// ||dL/dh_t|| / ||dL/dh_T|| at k = T - t steps back (norms over the batch), loss at step T only.
arma::vec grad_ratios_back(nn::Rnn& net, const arma::umat& streams, arma::uword T) {
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
    return arma::reverse(norms / norms(T - 1));
}

void add_flags(CLI::App& app, Options& op) {
    app.add_option("--hidden", op.rc.hidden, "Hidden units H")
        ->check(nn::positive_integer())
        ->capture_default_str();
    app.add_option("--streams", op.rc.streams, "Parallel character streams B (the batch)")
        ->check(nn::positive_integer())
        ->capture_default_str();
    app.add_option("--chunk", op.rc.chunk, "Truncation length of BPTT (steps per chunk)")
        ->check(nn::positive_integer())
        ->capture_default_str();
    app.add_option("--clip", op.rc.clip,
                   "Clip the global gradient norm at this value (0: no clipping)")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    app.add_option("--optimizer", op.optimizer, "sgd | momentum | adam")
        ->check(CLI::IsMember({"sgd", "momentum", "adam"}))
        ->capture_default_str();
    app.add_option("--gain", op.rc.gain,
                   "Initial recurrent weights W_hh = gain * (random orthogonal matrix)")
        ->check(nn::positive_number())
        ->capture_default_str();
    app.add_option("--max-words", op.max_words, "Use at most this many words of the list (0: all)")
        ->capture_default_str();
    app.add_option("--valid-fraction", op.valid_fraction,
                   "Fraction of the words held out for validation")
        ->check(CLI::Range(0.01, 0.5))
        ->capture_default_str();
    app.add_option("--samples", op.samples, "Words generated per temperature")
        ->check(nn::positive_integer())
        ->capture_default_str();
    app.add_option("--temperatures", op.temperatures, "Sampling temperatures, comma-separated")
        ->capture_default_str();
    app.add_option("--clip-demo-lr", op.clip_demo_lr,
                   "SGD step size of the with/without clipping comparison")
        ->check(nn::positive_number())
        ->capture_default_str();
    app.add_flag("--skip-demos", op.skip_demos,
                 "Skip the vanishing/exploding and clipping demonstrations and the timing");
}

// The sampling temperatures of --temperatures.
std::vector<double> parse_temperatures(const std::string& text) {
    return nn::parse_numbers(text, "--temperatures", "temperatures >= 0 such as 0.5,1,1.5",
                             [](double t) { return t >= 0; });
}

// 1. The data: real English words of the letters a-z, 10% of them held out.
Corpus load_corpus(const nn::Program& prog, const nn::CommonOptions& o, const Options& op) {
    Corpus c;
    c.path = o.data.empty() ? "/usr/share/dict/words" : o.data;
    c.words = nn::load_words(c.path);
    std::shuffle(c.words.begin(), c.words.end(), nn::rng());
    if (op.max_words > 0 && c.words.size() > op.max_words) c.words.resize(op.max_words);
    const auto n_valid =
        std::max<std::size_t>(1, static_cast<std::size_t>(op.valid_fraction * c.words.size()));
    if (c.words.size() < n_valid + 10)
        throw nn::DataError(nn::str("the word list ", c.path, " has only ", c.words.size(),
                                    " usable words; at least ", n_valid + 10, " are needed"));
    c.valid.assign(c.words.end() - static_cast<long>(n_valid), c.words.end());
    c.train.assign(c.words.begin(), c.words.end() - static_cast<long>(n_valid));
    c.train_set.insert(c.train.begin(), c.train.end());
    c.valid_set.insert(c.valid.begin(), c.valid.end());
    c.valid_streams = nn::make_streams(c.valid, c.vocab, std::min<arma::uword>(op.rc.streams, 16));
    // The demonstrations after training cut the held-out words into 16 probe streams and
    // into --streams timing streams: checked now, not after the training.
    if (!op.skip_demos) {
        try {
            c.probe = nn::make_streams(c.valid, c.vocab, 16);
            c.timing_streams = nn::make_streams(c.valid, c.vocab, op.rc.streams);
            // a gradient that reaches back at least one step: T >= 2
            if (c.probe.n_cols < 3) throw std::invalid_argument("T < 2");
        } catch (const std::invalid_argument&) {
            throw nn::DataError(
                nn::str("the ", c.valid.size(), " held-out words of ", c.path,
                        " are too short for the demonstrations (16 and --streams ", op.rc.streams,
                        " streams of text); use a longer word list, a larger --valid-fraction, "
                        "fewer --streams, or --skip-demos"));
        }
    }
    double train_chars = 0;
    for (const auto& w : c.train) train_chars += static_cast<double>(w.size() + 1);
    prog.say(nn::str(c.path, ": ", c.words.size(), " lower-case words (", c.train.size(),
                     " for training, ", c.valid.size(), " held out), ", train_chars,
                     " training characters with the end markers, ", "vocabulary \"",
                     c.vocab.symbols(), "\" (V = ", c.vocab.size(), ")"));
    return c;
}

// 2. What the network must beat: unigram and bigram models of the training words.
Baselines report_baselines(const nn::Program& prog, const Corpus& c) {
    const Baselines base =
        baselines(nn::make_streams(c.train, c.vocab, 1), c.valid_streams, c.vocab.size());
    prog.say(nn::str("baselines on the held-out words: unigram ", nats_bits(base.unigram),
                     " per character, bigram ", nats_bits(base.bigram),
                     "; uniform over 27 symbols ", nn::fmt(std::log(27.0), 4), " nats"));
    return base;
}

// A model worse than ten times uniform guessing (10 ln V nats per character) has diverged,
// even when its loss stays finite: say so, as nn::require_not_diverged does.
void require_learning(double loss, arma::uword V, const std::string& where) {
    const std::string hint = "lower --lr or use --clip";
    nn::require_finite(loss, where, hint);
    const double bound = 10 * std::log(static_cast<double>(V));
    if (loss <= bound) return;
    throw nn::DivergenceError(nn::str(
        "the loss became ", nn::fmt(loss), " nats per character (more than ", nn::fmt(bound),
        ", ten times that of guessing uniformly, ln V) at ", where, ": training diverged; ", hint));
}

// 3. Training: truncated BPTT over shuffled words, the global gradient norm clipped, then Adam.
Training train_model(const nn::CommonOptions& o, const Options& op, nn::Rnn& net, Corpus& c) {
    const RunConfig& rc = op.rc;
    nn::OptimizerConfig cfg;
    cfg.kind = rc.optimizer;
    cfg.lr = rc.lr;
    nn::Optimizer opt(cfg);
    const auto params = net.parameters();
    const double clip = rc.clip > 0 ? rc.clip : std::numeric_limits<double>::max();
    nn::EpochLogger log(o.epochs, o.quiet);
    Training tr;
    double train_seconds = 0;
    for (int e = 1; e <= o.epochs; ++e) {
        nn::Timer t;
        std::shuffle(c.train.begin(), c.train.end(), nn::rng());
        const arma::umat streams = nn::make_streams(c.train, c.vocab, rc.streams);
        arma::mat h(rc.hidden, rc.streams, arma::fill::zeros);
        std::size_t clipped_epoch = 0;
        const double loss = nn::truncated_bptt(
            net, streams, rc.chunk, h, [&](std::size_t k, std::size_t n, double l) {
                if (nn::clip_grad_norm(params, clip) > clip) ++clipped_epoch;
                opt.step(params);
                tr.chunk_loss.push_back(l);
                tr.chunk_x.push_back(e - 1 + static_cast<double>(k) / static_cast<double>(n));
                log.progress(k, n);
            });
        const double seconds = t.seconds();
        train_seconds += seconds;
        const double vl = nn::stream_loss(net, c.valid_streams);
        nn::require_finite(vl, nn::str("epoch ", e, " (validation)"), "lower --lr or use --clip");
        // the first chunk's loss is the untrained network's: 10^6 times it is divergence too
        nn::require_not_diverged(loss, tr.chunk_loss.front(), nn::str("epoch ", e),
                                 "lower --lr or use --clip");
        require_learning(loss, c.vocab.size(), nn::str("epoch ", e));
        require_learning(vl, c.vocab.size(), nn::str("epoch ", e, " (validation)"));
        tr.train_loss.push_back(loss);
        tr.valid_loss.push_back(vl);
        const std::size_t n_chunks = (streams.n_cols - 1 + rc.chunk - 1) / rc.chunk;
        tr.clipped += clipped_epoch;
        tr.chunks_total += n_chunks;
        log.epoch(e,
                  nn::str("train ", nats_bits(loss), "  |  valid ", nats_bits(vl), "  |  clipped ",
                          clipped_epoch, "/", n_chunks, " chunks  |  ", nn::fmt(seconds, 3), " s"));
    }
    tr.seconds_per_epoch = train_seconds / o.epochs;
    return tr;
}

// 4. Sampling at several temperatures: how many generated words are real words?
std::vector<nn::Json> sample_words(const nn::Program& prog, const nn::CommonOptions& o,
                                   const Options& op, nn::Rnn& net, const Corpus& c,
                                   double& real_fraction_t1) {
    std::ofstream file;
    if (!o.no_plots) file.open(o.out + "/ch10_samples.txt");
    if (file)
        file << "# words generated by ch10_rnn (" << net.summary() << "), " << op.samples
             << " per temperature; * = a word of the list, + = a held-out word the model never "
                "saw\n";
    std::vector<nn::Json> per_temp;
    for (double T : parse_temperatures(op.temperatures)) {
        arma::mat h(op.rc.hidden, 1, arma::fill::zeros);
        std::size_t real = 0, novel_real = 0, copies = 0;
        std::string shown;
        int n_shown = 0;
        if (file) file << "\n## temperature " << T << "\n";
        for (arma::uword i = 0; i < op.samples; ++i) {
            const std::string w = nn::sample_word(net, c.vocab, h, T, nn::rng());
            const bool in_train = c.train_set.count(w) > 0, in_valid = c.valid_set.count(w) > 0;
            real += in_train || in_valid;
            copies += in_train;
            novel_real += in_valid;
            // the console shows only invented strings: the real words (any word of the list,
            // whatever it means) are counted below and listed in the samples file
            if (n_shown < 12 && !w.empty() && !in_train && !in_valid)
                shown += (n_shown++ ? " " : "") + w;
            if (file) file << w << (in_valid ? "+" : (in_train ? "*" : "")) << "\n";
        }
        const double frac = static_cast<double>(real) / static_cast<double>(op.samples);
        if (T == 1.0) real_fraction_t1 = frac;
        prog.say(nn::str("temperature ", T, ", invented words: ", shown));
        prog.say(nn::str("    ", real, " of ", op.samples, " are real words (",
                         nn::fmt(100 * frac, 3), "%): ", copies, " from the training words, ",
                         novel_real, " held-out words the model never saw"));
        nn::Json j;
        j.set("temperature", T).set("real_fraction", frac);
        j.set("training_words", copies).set("held_out_words", novel_real);
        per_temp.push_back(j);
    }
    if (file)
        prog.say("samples: " + o.out + "/ch10_samples.txt (* training word, + held-out word)");
    return per_temp;
}

// 6. Vanishing and exploding gradients: ||dL/dh_t|| for a loss at the last step only.
void vanishing_exploding(const nn::Program& prog, const nn::CommonOptions& o, const Options& op,
                         nn::Rnn& net, const Corpus& c, nn::Json& demo) {
    const arma::uword V = c.vocab.size();
    const arma::uword T = std::min<arma::uword>(op.demo_steps, c.probe.n_cols - 1);
    // how far back the printed ratios look: 10 and 30 steps, or T - 1 for short held-out text
    const arma::uword k10 = std::min<arma::uword>(10, T - 1),
                      k30 = std::min<arma::uword>(30, T - 1);
    std::vector<nn::plot::Series> series;
    const arma::vec steps_back = arma::regspace<arma::vec>(0, T - 1);
    prog.say(nn::str("||dL/dh_t|| / ||dL/dh_T|| for a loss at the last step T = ", T,
                     " only (untrained networks, W_hh = g Q with Q orthogonal):"));
    for (double g : {0.5, 1.0, 2.0, 4.0}) {
        nn::Rnn probe_net(V, op.rc.hidden, V);
        probe_net.init(g);
        const arma::vec ratio = grad_ratios_back(probe_net, c.probe, T);  // index k: k steps back
        series.push_back({"untrained, g = " + nn::str(g), steps_back, ratio, "lines"});
        prog.say(nn::str("    g = ", g, ":  ", k10, " steps back ", nn::fmt(ratio(k10), 3), ",  ",
                         k30, " steps back ", nn::fmt(ratio(k30), 3), ",  ", T - 1, " steps back ",
                         nn::fmt(ratio(T - 1), 3)));
        demo.set("grad_ratio_30_steps_g" + nn::str(g), ratio(k30));
    }
    const arma::vec ratio = grad_ratios_back(net, c.probe, T);
    series.push_back({"trained network", steps_back, ratio, "lines"});
    prog.say(nn::str("    trained: ", k10, " steps back ", nn::fmt(ratio(k10), 3), ",  ", k30,
                     " steps back ", nn::fmt(ratio(k30), 3)));
    demo.set("grad_ratio_30_steps_trained", ratio(k30));
    plot_grad_norms(o.out, series);
}

// 7. Clipping: the same short run twice (same seed, same words), plain SGD with a step size that
// is too large for the rare steep chunks, without and with clipping at norm 1.
void clipping_demo(const nn::Program& prog, const nn::CommonOptions& o, const Options& op,
                   const Corpus& c, nn::Json& demo) {
    const RunConfig& rc = op.rc;
    const arma::uword V = c.vocab.size();
    std::vector<std::string> part(c.train.begin(),
                                  c.train.begin() + std::min<std::size_t>(12000, c.train.size()));
    std::vector<nn::plot::Series> loss_series, norm_series;
    prog.say(nn::str("clipping: plain SGD with lr ", op.clip_demo_lr, " on ", part.size(),
                     " words, 2 epochs, the same initial weights:"));
    for (double clip : {0.0, 1.0}) {
        nn::seed_all(o.seed + 1);
        nn::Rnn net(V, rc.hidden, V);
        net.init(1.0);
        nn::OptimizerConfig sgd;
        sgd.kind = nn::OptimizerKind::SGD;
        sgd.lr = op.clip_demo_lr;
        nn::Optimizer opt(sgd);
        const auto params = net.parameters();
        std::vector<double> losses, norms;
        const double cc = clip > 0 ? clip : std::numeric_limits<double>::max();
        for (int e = 0; e < 2; ++e) {
            const arma::umat st = nn::make_streams(part, c.vocab, rc.streams);
            arma::mat h(rc.hidden, rc.streams, arma::fill::zeros);
            nn::truncated_bptt(net, st, rc.chunk, h, [&](std::size_t, std::size_t, double l) {
                norms.push_back(nn::clip_grad_norm(params, cc));
                opt.step(params);
                losses.push_back(l);
            });
        }
        const double vl = nn::stream_loss(net, c.valid_streams);
        const std::string label = clip > 0 ? "clipped at norm " + nn::str(clip) : "no clipping";
        const arma::vec x = nn::plot::epoch_axis(losses.size()), dn(norms);
        loss_series.push_back({label, x, arma::vec(losses), "lines"});
        norm_series.push_back({label + " (norm before clipping)", x, dn, "lines"});
        prog.say(nn::str("    ", label, ": final chunk loss ", nn::fmt(losses.back(), 4),
                         ", validation ", nn::fmt(vl, 4), " nats; gradient norm median ",
                         nn::fmt(arma::median(dn), 3), ", max ", nn::fmt(dn.max(), 3)));
        demo.set(clip > 0 ? "clip_demo_valid_loss_clipped" : "clip_demo_valid_loss_unclipped", vl);
    }
    plot_clipping(o.out, op.clip_demo_lr, loss_series, norm_series);
}

// 8. Speed: batched GEMMs against one sequence at a time, the same characters.
void batched_speed(const nn::Program& prog, const Options& op, nn::Rnn& net, const Corpus& c,
                   nn::Json& demo) {
    const arma::umat& st = c.timing_streams;
    const arma::uword T = std::min<arma::uword>(op.rc.chunk, st.n_cols - 1);
    auto run = [&](const arma::umat& streams, int reps) {
        nn::Timer t;
        for (int r = 0; r < reps; ++r) {
            arma::mat h(op.rc.hidden, streams.n_rows, arma::fill::zeros);
            nn::truncated_bptt(net, streams.cols(0, T), T, h, nullptr);
        }
        return t.seconds() / reps;
    };
    const double batched = run(st, 20);
    double single = 0;
    for (arma::uword b = 0; b < st.n_rows; ++b) single += run(st.row(b), 2);
    const double chars = static_cast<double>(T * st.n_rows);
    prog.say(nn::str("speed of forward + BPTT on ", chars,
                     " characters: ", nn::fmt(chars / batched / 1e3, 3),
                     "k characters/s as one batch of ", st.n_rows, " streams, ",
                     nn::fmt(chars / single / 1e3, 3), "k characters/s one stream at a time (",
                     nn::fmt(single / batched, 3), "x slower)"));
    demo.set("seconds_per_1000_chars_batched", 1e3 * batched / chars)
        .set("seconds_per_1000_chars_one_stream", 1e3 * single / chars);
}

}  // namespace

int main(int argc, char** argv) {
    nn::Program prog(
        "ch10_rnn",
        "A character-level recurrent network (tanh RNN, truncated BPTT, gradient clipping, "
        "Adam) learns to spell English words and generates new ones.");
    prog.defaults.epochs = 5;
    prog.defaults.lr = 0.005;
    prog.add_common();
    prog.app.get_option("--data")->description(
        "Word list, one word per line (default /usr/share/dict/words from Debian's wamerican); "
        "words of the letters a-z only are kept");
    prog.app.get_option("--lr")->description("Adam step size");
    Options op;
    add_flags(prog.app, op);

    return prog.run(argc, argv, [&](const nn::CommonOptions& o) {
        nn::Timer wall;
        op.rc.lr = o.lr;
        op.rc.optimizer = nn::parse_optimizer(op.optimizer);
        parse_temperatures(op.temperatures);  // a bad list is a usage error before any work
        Corpus c = load_corpus(prog, o, op);
        const Baselines base = report_baselines(prog, c);

        const RunConfig& rc = op.rc;
        nn::Rnn net(c.vocab.size(), rc.hidden, c.vocab.size());
        net.init(rc.gain);
        prog.say(
            nn::str("network ", net.summary(), "; ", op.optimizer, " lr ", rc.lr,
                    ", initial recurrent gain ", rc.gain, ", ", rc.streams,
                    " streams, BPTT truncated every ", rc.chunk, " steps, ",
                    rc.clip > 0 ? "gradients clipped at norm " + nn::str(rc.clip) : "no clipping",
                    ", ", o.epochs, " epochs"));
        const Training tr = train_model(o, op, net, c);
        double real_fraction_t1 = NAN;
        const std::vector<nn::Json> per_temp = sample_words(prog, o, op, net, c, real_fraction_t1);
        plot_loss(o, c, tr, base);
        nn::Json demo;
        if (!op.skip_demos) {
            vanishing_exploding(prog, o, op, net, c, demo);
            clipping_demo(prog, o, op, c, demo);
            batched_speed(prog, op, net, c, demo);
        }

        write_metrics(prog, o, rc, c, tr, base, real_fraction_t1, per_temp,
                      op.skip_demos ? nullptr : &demo, wall.seconds());
        std::cout << "valid loss " << nats_bits(tr.valid_loss.back())
                  << " per character vs unigram " << nn::fmt(base.unigram, 4) << ", bigram "
                  << nn::fmt(base.bigram, 4)
                  << "; real words at T=1: " << nn::fmt(100 * real_fraction_t1, 3) << "%; "
                  << nn::fmt(tr.seconds_per_epoch, 3) << " s per epoch, "
                  << nn::fmt(wall.seconds(), 3) << " s in all" << std::endl;
        return 0;
    });
}
