/* For tests under Wine only, never shipped: Debian bookworm's Wine 8 has no
 * bcryptprimitives.dll, whose ProcessPrng Rust's std (>= 1.78) imports on
 * Windows. This stand-in fills the buffer from RtlGenRandom
 * (advapi32!SystemFunction036), as Windows 10 and later do themselves. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len > 0) {
        ULONG n = len > 0x40000000 ? 0x40000000 : (ULONG)len;
        if (!SystemFunction036(data, n))
            return FALSE;
        data += n;
        len -= n;
    }
    return TRUE;
}
