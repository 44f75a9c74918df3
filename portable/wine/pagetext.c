/* pagetext.c — test-only: what the sigillo window shows now, as Windows' own APIs read it
 * (wine-gui-test.sh). A screen reader reads the same texts.
 *
 * Usage: pagetext.exe [DESKTOP]
 * On the desktop named DESKTOP (the test's Wine virtual desktop, "ufficio" by default: a window
 * on another desktop is invisible to FindWindow), finds the top-level window titled "sigillo"
 * and prints, in UTF-8, one line per visible child
 * control: its class, a tab, its text (line breaks as " | "). A list box prints one more line per
 * item ("item<TAB>text"); a check box says "[x]" or "[ ]" before its text. A masked field prints
 * nothing of its text: Windows does not give it to another process.
 * Exit: 0 printed · 1 no window titled "sigillo".
 * Never on a stick: wine-gui-test.sh builds it into its temp folder.
 */
#include <windows.h>
#include <stdio.h>
#include <wchar.h>

static void put_utf8(const wchar_t *text) {
    static char utf8[65536];
    int n = WideCharToMultiByte(CP_UTF8, 0, text, -1, utf8, sizeof utf8, NULL, NULL);
    if (n <= 0) {
        fputs("?", stdout);
        return;
    }
    for (char *c = utf8; *c; c++) {
        if (*c == '\r') continue;
        if (*c == '\n') fputs(" | ", stdout);
        else putchar(*c);
    }
}

static BOOL CALLBACK child(HWND hwnd, LPARAM unused) {
    (void)unused;
    if (!IsWindowVisible(hwnd)) return TRUE;
    wchar_t class_name[128];
    static wchar_t text[32768];
    GetClassNameW(hwnd, class_name, sizeof class_name / sizeof class_name[0]);
    text[0] = 0;
    SendMessageW(hwnd, WM_GETTEXT, sizeof text / sizeof text[0], (LPARAM)text);
    put_utf8(class_name);
    putchar('\t');
    if (_wcsicmp(class_name, L"Button") == 0) {
        LONG style = GetWindowLongW(hwnd, GWL_STYLE) & BS_TYPEMASK;
        if (style == BS_AUTOCHECKBOX || style == BS_CHECKBOX)
            fputs(SendMessageW(hwnd, BM_GETCHECK, 0, 0) == BST_CHECKED ? "[x] " : "[ ] ", stdout);
    }
    put_utf8(text);
    putchar('\n');
    if (_wcsicmp(class_name, L"ListBox") == 0) {
        LRESULT count = SendMessageW(hwnd, LB_GETCOUNT, 0, 0);
        for (LRESULT i = 0; i < count && i < 100; i++) {
            LRESULT len = SendMessageW(hwnd, LB_GETTEXTLEN, i, 0);
            if (len < 0 || len >= (LRESULT)(sizeof text / sizeof text[0])) continue;
            SendMessageW(hwnd, LB_GETTEXT, i, (LPARAM)text);
            fputs("item\t", stdout);
            put_utf8(text);
            putchar('\n');
        }
    }
    return TRUE;
}

int wmain(int argc, wchar_t **argv) {
    HDESK desktop = OpenDesktopW(argc > 1 ? argv[1] : L"ufficio", 0, FALSE, GENERIC_ALL);
    if (desktop) SetThreadDesktop(desktop);
    HWND window = FindWindowW(NULL, L"sigillo");
    if (!window) {
        fputs("no window titled sigillo\n", stderr);
        return 1;
    }
    EnumChildWindows(window, child, 0);
    return 0;
}
