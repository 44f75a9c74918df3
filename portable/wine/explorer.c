/* explorer.c — test-only: starts a program the way a double-click in Explorer does, as far as
 * the program can tell: its parent process is named explorer.exe (portable/wine-test.sh, and
 * portable/wine-gui-test.sh inside a Wine virtual desktop).
 *
 * Usage: explorer.exe PROGRAM [ARG...]
 *   CreateProcessW(PROGRAM ARG...) sharing this console (Explorer gives the program a new
 *   console window; under Wine without a display a new console has no screen, so the test's
 *   tmux pane stands in for that window), waits for it and exits with its exit code.
 * Exit: the program's exit code · 120 usage · 121 the program could not be started.
 * Never on a stick: wine-test.sh builds it, under this name, into its temp folder.
 *
 * Build: x86_64-w64-mingw32-gcc -municode -O2 -s -o explorer.exe explorer.c
 */
#include <windows.h>
#include <stdio.h>
#include <wchar.h>

int wmain(int argc, wchar_t **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: explorer.exe PROGRAM [ARG...]\n");
        return 120;
    }
    /* Each argument in double quotes: the test's arguments hold no quote marks. */
    static wchar_t line[32768];
    size_t used = 0;
    for (int i = 1; i < argc; i++) {
        int n = swprintf(line + used, 32768 - used, L"%ls\"%ls\"", i > 1 ? L" " : L"", argv[i]);
        if (n < 0)
            return 120;
        used += (size_t)n;
    }
    STARTUPINFOW si = {sizeof si};
    PROCESS_INFORMATION pi;
    if (!CreateProcessW(NULL, line, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi)) {
        fprintf(stderr, "explorer.exe: CreateProcessW failed: %lu\n", (unsigned long)GetLastError());
        return 121;
    }
    WaitForSingleObject(pi.hProcess, INFINITE);
    DWORD code = 121;
    GetExitCodeProcess(pi.hProcess, &code);
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
    return (int)code;
}
