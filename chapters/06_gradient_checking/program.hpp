// Chapter 06 program — what main.cpp and its companions program_*.cpp share: the table of
// checks and the functions that draw the error-against-h figure (program_figures.cpp) and
// sum the table up for the metrics file (program_metrics.cpp). Not part of the chapter's
// contract.
#pragma once
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "gradient_checking.hpp"
#include "nn/gradcheck.hpp"
#include "nn/metrics.hpp"

namespace ch06 {

// One row of the table.
struct Row {
    std::string name, note;
    nn::gradcheck::Report report;
    nn::Verdict verdict = nn::Verdict::Wrong;
    bool expected_wrong = false;  // planted bugs and kinks: the check is SUPPOSED to fail
};

// Runs the checks and collects the rows.
class Table {
public:
    explicit Table(double h) : h_(h) {}

    // Check `analytic` against centred differences of `loss` w.r.t. `param` (all coordinates,
    // or `max_coords` random ones when the parameter is larger than that).
    void check(const std::string& name, const std::function<double()>& loss, arma::mat& param,
               const arma::mat& analytic, const std::string& note = "", bool expected_wrong = false,
               bool allow_zero = false, arma::uword max_coords = 0) {
        nn::gradcheck::Options opt;
        opt.h = h_;
        opt.max_coords = max_coords;
        opt.allow_zero = allow_zero;
        const nn::gradcheck::Report rep = nn::gradcheck::check(name, loss, param, analytic, opt);
        const bool wrong = rep.vacuous && !allow_zero;  // zero against zero proves nothing
        rows_.push_back({name, note, rep,
                         wrong ? nn::Verdict::Wrong : nn::verdict(rep.max_rel_error),
                         expected_wrong});
    }

    const std::vector<Row>& rows() const { return rows_; }

    void print() const {
        std::printf("\n%-34s %8s %13s  %-10s  %s\n", "checked", "entries", "max rel err", "verdict",
                    "worst entry: analytic vs numeric");
        for (const Row& r : rows_) {
            std::printf("%-34s %8llu %13.3e  %-10s  %+.6e vs %+.6e%s%s\n", r.name.c_str(),
                        static_cast<unsigned long long>(r.report.checked), r.report.max_rel_error,
                        nn::verdict_name(r.verdict).c_str(), r.report.analytic_at_worst,
                        r.report.numeric_at_worst, r.note.empty() ? "" : "  ", r.note.c_str());
        }
    }

private:
    double h_;
    std::vector<Row> rows_;
};

// Summary: the worst error among the correct, smooth checks; the bugs and kinks caught.
struct Summary {
    double worst_smooth = 0;
    bool all_good = true, bugs_caught = true;
    std::vector<nn::Json> rows;
};

// The two error curves against h, with guides through the first point: slopes 2 (centred
// truncation) and 1 (one-sided).
void plot_sweep(const std::string& out, const arma::vec& hs, const arma::vec& centred,
                const arma::vec& one_sided);
// The summary (printed) and the rows of the metrics file.
Summary summarise(const Table& t);

}  // namespace ch06
