#pragma once

// promptsmith-cli's entry point: parses the command line, runs one command, maps failures to exit
// codes.

namespace ps::cli {

int run(int argc, char **argv);

} // namespace ps::cli
