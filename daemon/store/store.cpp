#include "daemon/store/store.h"

namespace newsmon::store {

const char* delivery_state_name(DeliveryState state) {
  return k_delivery_state_names.name_of(state);
}

}  // namespace newsmon::store
