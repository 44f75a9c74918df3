/* drives.c — test-only: what Windows says about its drives, the way sysinfo's disk list asks
 * (portable/wine-test.sh, to tell a failed check of sigillo from a Wine that does not report a
 * drive as removable).
 *
 * Usage: drives.exe
 * Prints UTF-8 lines:
 *   letter X: type=N      GetDriveTypeW("X:\") for every letter that answers (2 DRIVE_REMOVABLE,
 *                         3 DRIVE_FIXED, 4 DRIVE_REMOTE, 5 DRIVE_CDROM, 6 DRIVE_RAMDISK)
 *   volume PATH type=N    FindFirstVolumeW/FindNextVolumeW, each volume's mount paths
 *                         (GetVolumePathNamesForVolumeNameW) and GetDriveTypeW on the volume
 *                         name: the list sysinfo reads (it keeps types 2 and 3, removable = 2).
 * Exit: 0.
 * Never on a stick: wine-test.sh builds it into its temp folder.
 *
 * Build: x86_64-w64-mingw32-gcc -municode -O2 -s -o drives.exe drives.c
 */
#include <windows.h>
#include <stdio.h>
#include <wchar.h>

static void put_path(const wchar_t *path) {
    char utf8[1024];
    int n = WideCharToMultiByte(CP_UTF8, 0, path, -1, utf8, sizeof utf8, NULL, NULL);
    fputs(n > 0 ? utf8 : "?", stdout);
}

int wmain(void) {
    for (wchar_t letter = L'C'; letter <= L'Z'; letter++) {
        wchar_t root[4] = {letter, L':', L'\\', 0};
        UINT type = GetDriveTypeW(root);
        if (type != DRIVE_NO_ROOT_DIR && type != DRIVE_UNKNOWN)
            printf("letter %lc: type=%u\n", letter, type);
    }
    wchar_t volume[MAX_PATH + 1];
    HANDLE find = FindFirstVolumeW(volume, MAX_PATH + 1);
    if (find == INVALID_HANDLE_VALUE) {
        printf("volumes=error %lu\n", (unsigned long)GetLastError());
        return 0;
    }
    do {
        wchar_t names[4096];
        DWORD length = 0;
        UINT type = GetDriveTypeW(volume);
        if (!GetVolumePathNamesForVolumeNameW(volume, names, 4096, &length) || !names[0]) {
            printf("volume (no mount path) type=%u\n", type);
            continue;
        }
        for (wchar_t *name = names; *name; name += wcslen(name) + 1) {
            fputs("volume ", stdout);
            put_path(name);
            printf(" type=%u\n", type);
        }
    } while (FindNextVolumeW(find, volume, MAX_PATH + 1));
    FindVolumeClose(find);
    return 0;
}
