// Chapter 06 program — the summary of the table and the rows of the metrics file (declared in
// program.hpp).
#include <cstdio>
#include <string>

#include "program.hpp"

namespace ch06 {

Summary summarise(const Table& t) {
    Summary s;
    std::string worst_name;
    for (const Row& r : t.rows()) {
        if (r.expected_wrong) {
            if (r.verdict == nn::Verdict::Good && r.note.find("bug") != std::string::npos)
                s.bugs_caught = false;
        } else {
            if (r.report.max_rel_error > s.worst_smooth)
                s.worst_smooth = r.report.max_rel_error, worst_name = r.name;
            if (r.verdict != nn::Verdict::Good) s.all_good = false;
        }
        nn::Json j;
        j.set("name", r.name).set("max_rel_error", r.report.max_rel_error);
        j.set("verdict", nn::verdict_name(r.verdict)).set("checked", r.report.checked);
        s.rows.push_back(j.set("expected_to_fail", r.expected_wrong));
    }
    std::printf("\nworst relative error of the correct backward passes: %.3e (%s): %s\n",
                s.worst_smooth, worst_name.c_str(), s.all_good ? "all good" : "NOT all good");
    std::printf("planted bugs caught (verdict not good): %s\n",
                s.bugs_caught ? "yes, every one" : "NO");
    return s;
}

}  // namespace ch06
