#include "daemon/store/store.h"

namespace newsmon::store {

const char* delivery_state_name(DeliveryState state) {
  switch (state) {
    case DeliveryState::pending: return "pending";
    case DeliveryState::delivered: return "delivered";
    case DeliveryState::dead: return "dead";
  }
  return "pending";
}

}  // namespace newsmon::store
