/*
 * Test-only stand-in for a running Desktop Telematico, for portable/wine-test.sh.
 *
 * Copied as DesktopTelematico.exe (and as javaw.exe, started with an Entratel command line) and
 * left running in the Wine prefix, so install's running-program guard has something to find.
 * Sleeps at most ten minutes, then exits; the test script ends it sooner.
 *
 * Build: x86_64-w64-mingw32-gcc -O2 -s -o sleeper.exe sleeper.c
 */
#include <windows.h>

int main(void)
{
    Sleep(600000);
    return 0;
}
