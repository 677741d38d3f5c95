// trainsim — will a LEAN algorithm's training survive the engine's time
// limits and training quota? The command line only; the engine is lib/.
#include "app/commands.h"
#include "config/config_error.h"

#include <iostream>

int main(int argc, char** argv) {
  CLI::App app{"trainsim: simulate QuantConnect LEAN's training time limits and quota"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "trainsim 0.1.0");
  int status = 0;
  trainsim::cli::add_run_command(app, status);
  trainsim::cli::add_validate_command(app, status);
  trainsim::cli::add_calendar_command(app, status);
  trainsim::cli::add_sweep_command(app, status);
  trainsim::cli::add_merge_command(app, status);
  trainsim::cli::add_tune_command(app, status);
  trainsim::cli::add_diff_command(app, status);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;  // usage errors are bad input
  } catch (const trainsim::ConfigError& e) {
    std::cerr << "trainsim: error: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "trainsim: error: " << e.what() << "\n";
    return 2;
  }
  return status;
}
