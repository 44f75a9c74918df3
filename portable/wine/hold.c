/* hold.c — test-only: another program holding a key file open, for portable/wine-test.sh.
 *
 * Usage: hold.exe [--no-sharing] FILE MS MARKER [TRIGGER]
 *   Opens FILE with CreateFileW for reading, sharing only reading (FILE_SHARE_READ): others may
 *   still read it, but not write, rename or delete it (what Desktop Telematico, an antivirus scan
 *   or a backup agent does). With --no-sharing the share mode is 0 (an exclusive open): even
 *   sigillo's read of the old set fails (ERROR_SHARING_VIOLATION), before any rename.
 *   Once FILE is open it creates MARKER (so the script knows the file is really held), then,
 *   when TRIGGER is given, waits until TRIGGER exists (at most 60 s), then holds FILE MS
 *   milliseconds more, then closes it.
 * Prints UTF-8 "key=value" lines on stdout:
 *   held=yes                once FILE is open;
 *   trigger=seen|timeout    with TRIGGER;
 *   error=N                 when FILE could not be opened (GetLastError);
 *   pending-at-release=yes|no  with TRIGGER: whether TRIGGER still existed when FILE was
 *                           closed (for sigillo's journal: the install was still waiting).
 * Exit: 0 held and released · 1 FILE could not be opened · 2 usage.
 * Never on a stick: wine-test.sh builds it into its temp folder.
 *
 * Build: x86_64-w64-mingw32-gcc -municode -O2 -s -o hold.exe hold.c
 */
#include <windows.h>
#include <stdio.h>
#include <wchar.h>

static int exists(const wchar_t *path) {
    return GetFileAttributesW(path) != INVALID_FILE_ATTRIBUTES;
}

int wmain(int argc, wchar_t **argv) {
    DWORD share = FILE_SHARE_READ;
    if (argc > 1 && wcscmp(argv[1], L"--no-sharing") == 0) {
        share = 0;
        argv++;
        argc--;
    }
    if (argc != 4 && argc != 5) {
        fprintf(stderr, "usage: hold.exe [--no-sharing] FILE MS MARKER [TRIGGER]\n");
        return 2;
    }
    const wchar_t *file = argv[1];
    DWORD ms = (DWORD)_wtoi(argv[2]);
    const wchar_t *marker = argv[3];
    const wchar_t *trigger = argc == 5 ? argv[4] : NULL;

    HANDLE held = CreateFileW(file, GENERIC_READ, share, NULL, OPEN_EXISTING,
                              FILE_ATTRIBUTE_NORMAL, NULL);
    if (held == INVALID_HANDLE_VALUE) {
        printf("error=%lu\n", (unsigned long)GetLastError());
        fflush(stdout);
        return 1;
    }
    printf("held=yes\n");
    fflush(stdout);
    HANDLE mark = CreateFileW(marker, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL,
                              NULL);
    if (mark != INVALID_HANDLE_VALUE)
        CloseHandle(mark);

    if (trigger) {
        DWORD waited = 0;
        while (!exists(trigger) && waited < 60000) {
            Sleep(5);
            waited += 5;
        }
        printf("trigger=%s\n", exists(trigger) ? "seen" : "timeout");
        fflush(stdout);
    }
    Sleep(ms);
    if (trigger)
        printf("pending-at-release=%s\n", exists(trigger) ? "yes" : "no");
    CloseHandle(held);
    fflush(stdout);
    return 0;
}
