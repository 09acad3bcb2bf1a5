#pragma once
// SIGHUP asks the daemon to reload, but its default action ends a process: one that
// arrives while newsmon starts (reading the configuration, compiling rules, opening the
// store) would end it. The daemon holds SIGHUP back from its first instruction until it
// listens for it; a reload asked for meanwhile is then done once, when it is ready.

namespace newsmon::app {

/// Blocks SIGHUP in the calling thread and in every thread it starts later; one that
/// arrives stays pending.
void hold_reload_signal();

/// Unblocks SIGHUP in the calling thread, which must already listen for it; a pending
/// one is delivered now.
void release_reload_signal();

}  // namespace newsmon::app
