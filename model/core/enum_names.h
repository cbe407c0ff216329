#pragma once
// Two-way tables between enums and the names run configs use for them.

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hs {

template <typename E, std::size_t N>
class EnumNames {
public:
    constexpr explicit EnumNames(std::array<std::pair<E, std::string_view>, N> entries) : entries_(entries) {}

    std::optional<E> parse(std::string_view name) const
    {
        for (const auto& [value, text] : entries_)
            if (text == name)
                return value;
        return std::nullopt;
    }
    std::string_view name(E value) const
    {
        for (const auto& [v, text] : entries_)
            if (v == value)
                return text;
        return "unknown";
    }
    std::vector<std::string> names() const
    {
        std::vector<std::string> out;
        for (const auto& entry : entries_)
            out.emplace_back(entry.second);
        return out;
    }

private:
    std::array<std::pair<E, std::string_view>, N> entries_;
};

} // namespace hs
