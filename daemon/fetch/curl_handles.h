#pragma once
// Move-only owners of libcurl's C handles. Internal to fetch/.

#include <memory>

#include <curl/curl.h>

namespace newsmon::fetch::detail {

struct EasyDeleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
struct MultiDeleter {
  void operator()(CURLM* handle) const { curl_multi_cleanup(handle); }
};
struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

using EasyHandle = std::unique_ptr<CURL, EasyDeleter>;
using MultiHandle = std::unique_ptr<CURLM, MultiDeleter>;

/// A curl_slist built by appending; curl reads it for the whole transfer, so it must
/// outlive the easy handle's use of it.
class HeaderList {
 public:
  /// Returns false when curl could not copy the line (out of memory).
  bool append(const char* line) {
    curl_slist* grown = curl_slist_append(m_list.get(), line);
    if (grown == nullptr) return false;
    m_list.release();
    m_list.reset(grown);
    return true;
  }
  curl_slist* get() const { return m_list.get(); }

 private:
  std::unique_ptr<curl_slist, SlistDeleter> m_list;
};

}  // namespace newsmon::fetch::detail
