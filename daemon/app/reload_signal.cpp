#include "daemon/app/reload_signal.h"

#include <pthread.h>
#include <csignal>

namespace newsmon::app {
namespace {

void mask_reload_signal(int how) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(how, &signals, nullptr);
}

}  // namespace

void hold_reload_signal() {
  mask_reload_signal(SIG_BLOCK);
}

void release_reload_signal() {
  mask_reload_signal(SIG_UNBLOCK);
}

}  // namespace newsmon::app
