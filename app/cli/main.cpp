#include <cstdio>

int main()
{
    std::fputs("promptsmith-cli: not yet implemented\n", stderr);
    return 2;
}
