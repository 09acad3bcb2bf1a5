#include "daemon/app/cli.h"

int main(int argc, char** argv) {
  return newsmon::app::run_cli(argc, argv);
}
