#pragma once
// A few threads that work on batches while the caller produces more, handing the results
// back in the order the batches were submitted: for commands that read a long sequence
// (`newsmon backtest` over the store) and must print as if one thread had done it all.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

namespace newsmon::app {

/// Runs `work` on submitted batches on `jobs` threads and calls `done` with each result,
/// in submission order, on the submitting thread (from submit() and finish()). At most
/// 2 × jobs batches are queued or in work at once: submit() waits, handing finished
/// results to `done`, so memory stays bounded however long the sequence. With jobs <= 1
/// no thread is started and submit() does both calls itself. An exception thrown by
/// `work` comes out of the submit() or finish() that hands over its result. The worker
/// threads live until finish() or destruction, so thread_local caches of `work` stay warm.
/// Not thread-safe: one thread submits.
template <typename Batch, typename Result>
class OrderedWorkers {
 public:
  OrderedWorkers(unsigned jobs, std::function<Result(Batch&)> work,
                 std::function<void(Result&)> done)
      : m_work(std::move(work)), m_done(std::move(done)), m_limit(2 * std::size_t{jobs}) {
    if (jobs <= 1) return;
    for (unsigned i = 0; i < jobs; ++i) m_threads.emplace_back([this] { serve(); });
  }
  OrderedWorkers(const OrderedWorkers&) = delete;
  OrderedWorkers& operator=(const OrderedWorkers&) = delete;
  ~OrderedWorkers() { stop(); }

  void submit(Batch batch) {
    if (m_threads.empty()) {
      auto result = m_work(batch);
      m_done(result);
      return;
    }
    std::packaged_task<Result()> task(
        [this, batch = std::move(batch)]() mutable { return m_work(batch); });
    m_pending.push_back(task.get_future());
    {
      std::lock_guard lock(m_mutex);
      m_tasks.push_back(std::move(task));
    }
    m_wake.notify_one();
    while (m_pending.size() > m_limit) hand_over_first();
  }

  /// Waits for every submitted batch and hands over the rest of the results.
  void finish() {
    while (!m_pending.empty()) hand_over_first();
    stop();
  }

 private:
  void hand_over_first() {
    auto future = std::move(m_pending.front());
    m_pending.pop_front();
    auto result = future.get();
    m_done(result);
  }

  void serve() {
    for (;;) {
      std::packaged_task<Result()> task;
      {
        std::unique_lock lock(m_mutex);
        m_wake.wait(lock, [this] { return m_stopping || !m_tasks.empty(); });
        if (m_tasks.empty()) return;
        task = std::move(m_tasks.front());
        m_tasks.pop_front();
      }
      task();
    }
  }

  void stop() {
    {
      std::lock_guard lock(m_mutex);
      m_stopping = true;
      m_tasks.clear();  // after an exception: the batches no one waits for
    }
    m_wake.notify_all();
    for (auto& thread : m_threads) thread.join();
    m_threads.clear();
  }

  std::function<Result(Batch&)> m_work;
  std::function<void(Result&)> m_done;
  std::size_t m_limit;
  std::deque<std::future<Result>> m_pending;  // submitted, in order
  std::mutex m_mutex;
  std::condition_variable m_wake;
  std::deque<std::packaged_task<Result()>> m_tasks;  // guarded by m_mutex
  bool m_stopping = false;                           // guarded by m_mutex
  std::vector<std::thread> m_threads;
};

}  // namespace newsmon::app
