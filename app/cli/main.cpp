#include "cli_app.h"

int main(int argc, char **argv)
{
    return ps::cli::run(argc, argv);
}
