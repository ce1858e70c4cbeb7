/// \file text.hpp
/// \brief nn::str: one message from its parts, as `std::ostream <<` prints them.
#pragma once
#include <sstream>
#include <string>

namespace nn {

/// \brief The parts printed one after the other into one string, e.g.
/// `prog.say(nn::str("epoch ", e, ": loss ", nn::fmt(loss), ", ", n, " samples"))`.
/// Numbers print as `<<` prints them (a double with 6 significant digits); wrap a double in
/// nn::fmt(x, digits) to choose its digits.
template <class... Parts>
std::string str(const Parts&... parts) {
    std::ostringstream os;
    (os << ... << parts);
    return os.str();
}

}  // namespace nn
