#include "daemon/web/charts.h"

#include <algorithm>
#include <ctime>

#include <fmt/format.h>

namespace newsmon::web {
namespace {

constexpr int k_width = 720;
constexpr int k_height = 200;
constexpr int k_left = 36;  // room for the scale
constexpr int k_bottom = 20;
constexpr int k_palette = 8;  // colours in the style sheet: .series-0 ... .series-7

// The UTC date of a day's start in strftime's `format`.
std::string utc_date(Epoch day, const char* format) {
  const std::time_t time = day;
  std::tm utc{};
  gmtime_r(&time, &utc);
  char text[16];
  std::strftime(text, sizeof text, format, &utc);
  return text;
}

std::string day_label(Epoch day) {
  return utc_date(day, "%m-%d");
}

std::int64_t day_total(const std::vector<Activity::Series>& series, std::size_t day) {
  std::int64_t total = 0;
  for (const auto& one : series) total += day < one.per_day.size() ? one.per_day[day] : 0;
  return total;
}

void legend(Html& html, const std::vector<Activity::Series>& series) {
  html.markup("<ul class=\"legend\">");
  for (std::size_t i = 0; i < series.size(); ++i) {
    html.markup("<li><span").attr("class", fmt::format("swatch series-{}", i % k_palette));
    html.markup("></span>").text(series[i].name).markup("</li>");
  }
  html.markup("</ul>");
}

void column(Html& html, const std::vector<Activity::Series>& series, std::size_t day, double x,
            double width, double scale, Epoch first_day) {
  const Epoch date = first_day + static_cast<Epoch>(day) * 86400;
  std::string tip = format_day(date);
  double y = k_height - k_bottom;
  html.markup("<g>");
  for (std::size_t i = 0; i < series.size(); ++i) {
    const auto value = day < series[i].per_day.size() ? series[i].per_day[day] : 0;
    if (value == 0) continue;
    tip += fmt::format(", {}: {}", series[i].name, value);
    const double height = static_cast<double>(value) * scale;
    y -= height;
    html.markup("<rect").attr("class", fmt::format("series-{}", i % k_palette));
    html.attr("x", fmt::format("{:.1f}", x)).attr("y", fmt::format("{:.1f}", y));
    html.attr("width", fmt::format("{:.1f}", width)).attr("height", fmt::format("{:.1f}", height));
    html.markup("/>");
  }
  html.markup("<title>").text(tip).markup("</title></g>");
}

}  // namespace

std::string format_day(Epoch day) {
  return utc_date(day, "%Y-%m-%d");
}

void stacked_day_chart(Html& html, const std::string& caption, Epoch first_day,
                       const std::vector<Activity::Series>& series) {
  std::size_t days = 0;
  for (const auto& one : series) days = std::max(days, one.per_day.size());
  std::int64_t highest = 1;
  for (std::size_t day = 0; day < days; ++day) highest = std::max(highest, day_total(series, day));
  const double plot_height = k_height - k_bottom - 10;
  const double scale = plot_height / static_cast<double>(highest);
  const double step = days ? static_cast<double>(k_width - k_left) / static_cast<double>(days) : 0;
  html.markup("<figure class=\"chart\"><svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\"");
  html.attr("viewBox", fmt::format("0 0 {} {}", k_width, k_height)).attr("aria-label", caption);
  html.markup("><line class=\"axis\"").attr("x1", std::to_string(k_left));
  html.attr("x2", std::to_string(k_width)).attr("y1", std::to_string(k_height - k_bottom));
  html.attr("y2", std::to_string(k_height - k_bottom)).markup("/>");
  html.markup("<text class=\"scale\" x=\"0\" y=\"18\">").number(highest).markup("</text>");
  html.markup("<text class=\"scale\" x=\"0\"").attr("y", std::to_string(k_height - k_bottom));
  html.markup(">0</text>");
  for (std::size_t day = 0; day < days; ++day) {
    const double x = k_left + step * static_cast<double>(day);
    column(html, series, day, x + 1, std::max(1.0, step - 2), scale, first_day);
    if (day % 7 == 0) {
      html.markup("<text class=\"day\"").attr("x", fmt::format("{:.1f}", x));
      html.attr("y", std::to_string(k_height - 4)).markup(">");
      html.text(day_label(first_day + static_cast<Epoch>(day) * 86400)).markup("</text>");
    }
  }
  html.markup("</svg><figcaption>").text(caption).markup("</figcaption>");
  legend(html, series);
  html.markup("</figure>");
}

void sparkline(Html& html, const std::vector<std::int64_t>& values) {
  constexpr int width = 150;
  constexpr int height = 24;
  std::int64_t highest = 1;
  for (const auto value : values) highest = std::max(highest, value);
  std::string points;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const double x = values.size() > 1
                         ? width * static_cast<double>(i) / static_cast<double>(values.size() - 1)
                         : 0;
    const double y =
        height - 2 - (height - 4) * static_cast<double>(values[i]) / static_cast<double>(highest);
    points += fmt::format("{}{:.1f},{:.1f}", points.empty() ? "" : " ", x, y);
  }
  html.markup("<svg class=\"sparkline\" xmlns=\"http://www.w3.org/2000/svg\"");
  html.attr("viewBox", fmt::format("0 0 {} {}", width, height));
  html.markup(" width=\"150\" height=\"24\"><polyline").attr("points", points).markup("/></svg>");
}

}  // namespace newsmon::web
