/* exit_code: main's return value becomes the semihosting exit status (expected: 3). */
#include "rom.h"

int main(void)
{
    return OPAQUE(3);
}
