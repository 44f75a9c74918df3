/*
 * Test-only stand-in for bcryptprimitives.dll, for Wine 8.0 (Debian 12), which lacks it.
 *
 * Rust >= 1.78 std gets its random bytes from ProcessPrng in bcryptprimitives.dll. Real
 * Windows 10/11 ships that DLL; Wine 8.0 does not, so a Rust .exe dies at load time with
 * status 53 and no output. This stub exports ProcessPrng and forwards it to
 * SystemFunction036 (advapi32's RtlGenRandom), which Wine does have.
 *
 * Used only by portable/wine-test.sh, copied next to sigillo.exe inside the throwaway Wine
 * test folder. It must NEVER be put on the stick: real Windows has the real DLL.
 *
 * Build: x86_64-w64-mingw32-gcc -shared -O2 -s -o bcryptprimitives.dll \
 *            bcryptprimitives.c bcryptprimitives.def -ladvapi32
 */
#include <windows.h>

/* advapi32!SystemFunction036, a.k.a. RtlGenRandom. */
BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    /* RtlGenRandom takes a ULONG: feed it in chunks so any SIZE_T works. */
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved)
{
    (void)instance;
    (void)reason;
    (void)reserved;
    return TRUE;
}
