/* verinfo.c — test-only: what Windows' own APIs read from an .exe's resources (wine-test.sh).
 *
 * Usage: verinfo.exe PATH
 * Prints UTF-8 "key=value" lines:
 *   the version block, as Explorer's Properties > Details reads it (GetFileVersionInfoW,
 *   VerQueryValueW on the first \VarFileInfo\Translation entry): translation, ProductName,
 *   CompanyName, FileDescription, FileVersion, OriginalFilename;
 *   icons: how many icon groups ExtractIconExW finds;
 *   actctx: whether the loader's side-by-side parser accepts the manifest (CreateActCtxW on
 *   resource 1, as at process start), then the settings it reads from it (QueryActCtxSettingsW):
 *   activeCodePage, longPathAware, dpiAwareness ("-" when this Windows/Wine does not say).
 * Exit: 0 printed · 1 no version information · 2 usage, or no such file.
 * Never on a stick: wine-test.sh builds it into its temp folder.
 */
#include <windows.h>
#include <shellapi.h>
#include <stdio.h>
#include <wchar.h>

static void put(const char *key, const wchar_t *value) {
    char utf8[1024];
    int n = WideCharToMultiByte(CP_UTF8, 0, value, -1, utf8, sizeof utf8, NULL, NULL);
    printf("%s=%s\n", key, n > 0 ? utf8 : "?");
}

static void setting(HANDLE ctx, const wchar_t *ns, const wchar_t *name, const char *key) {
    wchar_t value[256];
    SIZE_T written = 0;
    if (QueryActCtxSettingsW(0, ctx, ns, name, value, sizeof value / sizeof value[0], &written))
        put(key, value);
    else
        printf("%s=-\n", key);
}

int wmain(int argc, wchar_t **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: verinfo.exe PATH\n");
        return 2;
    }
    const wchar_t *path = argv[1];
    if (GetFileAttributesW(path) == INVALID_FILE_ATTRIBUTES) {
        printf("file=missing\n");  /* "no version block" must not mean "wrong path" */
        return 2;
    }

    DWORD handle = 0;
    DWORD size = GetFileVersionInfoSizeW(path, &handle);
    if (size == 0) {
        printf("version=none\n");
        return 1;
    }
    void *block = HeapAlloc(GetProcessHeap(), 0, size);
    if (!block || !GetFileVersionInfoW(path, 0, size, block)) {
        printf("version=unreadable\n");
        return 1;
    }
    struct { WORD lang, codepage; } *tr = NULL;
    UINT len = 0;
    if (!VerQueryValueW(block, L"\\VarFileInfo\\Translation", (void **)&tr, &len) || len < 4) {
        printf("translation=none\n");
        return 1;
    }
    printf("translation=%04x%04x\n", tr->lang, tr->codepage);
    static const wchar_t *const keys[] = {L"ProductName", L"CompanyName", L"FileDescription",
                                          L"FileVersion", L"OriginalFilename"};
    static const char *const names[] = {"ProductName", "CompanyName", "FileDescription",
                                        "FileVersion", "OriginalFilename"};
    for (int i = 0; i < 5; i++) {
        wchar_t query[128];
        wchar_t *value = NULL;
        UINT n = 0;
        swprintf(query, 128, L"\\StringFileInfo\\%04x%04x\\%ls", tr->lang, tr->codepage, keys[i]);
        if (VerQueryValueW(block, query, (void **)&value, &n) && n > 0)
            put(names[i], value);
        else
            printf("%s=-\n", names[i]);
    }

    printf("icons=%u\n", ExtractIconExW(path, -1, NULL, NULL, 0));

    ACTCTXW actctx = {sizeof actctx};
    actctx.dwFlags = ACTCTX_FLAG_RESOURCE_NAME_VALID;
    actctx.lpSource = path;
    actctx.lpResourceName = MAKEINTRESOURCEW(1);
    HANDLE ctx = CreateActCtxW(&actctx);
    if (ctx == INVALID_HANDLE_VALUE) {
        printf("actctx=failed %lu\n", GetLastError());
        return 0;
    }
    printf("actctx=ok\n");
    setting(ctx, L"http://schemas.microsoft.com/SMI/2019/WindowsSettings", L"activeCodePage",
            "activeCodePage");
    setting(ctx, L"http://schemas.microsoft.com/SMI/2016/WindowsSettings", L"longPathAware",
            "longPathAware");
    setting(ctx, L"http://schemas.microsoft.com/SMI/2016/WindowsSettings", L"dpiAwareness",
            "dpiAwareness");
    ReleaseActCtx(ctx);
    return 0;
}
