#!/usr/bin/python3
"""check-resources.py — checks that sigillo.exe carries its Windows resources.

Usage: portable/check-resources.py path/to/sigillo.exe

What build.rs embeds from portable/windows/ (sigillo.rc), read back from the built .exe:
 - version information: FILEVERSION/PRODUCTVERSION = Cargo.toml's version, an Italian (0410)
   UTF-16 (04B0) string table with ProductName and CompanyName "sigillo", the Italian
   FileDescription, OriginalFilename "sigillo.exe", and the matching Translation entry;
 - the icon: one icon group whose 16, 32, 48 and 256 px images are those of sigillo.ico;
 - the manifest: exactly one RT_MANIFEST, id 1, byte-identical to sigillo.exe.manifest, and
   holding asInvoker, longPathAware, UTF-8 active code page, Windows 7/8/8.1/10-11
   compatibility, Common Controls v6 and PerMonitorV2 DPI awareness.

Prints "ok - ..." or "FAIL - ..." per check; exits 0 when all pass, 1 when one fails, 2 when it
cannot run (pefile missing: apt-get install python3-pefile, which portable/ci-setup.sh installs).
Needs Python >= 3.11 (tomllib) and Debian's python3-pefile; run it with /usr/bin/python3.
"""

import os
import struct
import sys
import tomllib
import xml.etree.ElementTree as ET

try:
    import pefile
except ImportError:
    print("check-resources: the Python module pefile is missing: apt-get install python3-pefile "
          "(or portable/ci-setup.sh), then run this with /usr/bin/python3", file=sys.stderr)
    sys.exit(2)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESOURCES = os.path.join(ROOT, "portable", "windows")

DESCRIPTION = "sigillo \u2014 trasporto sicuro delle chiavi di Desktop Telematico"
ICON_SIZES = [16, 32, 48, 256]
LANG_ITALIAN_CP_UTF16 = "041004b0"

# Manifest namespaces.
ASM_V1 = "urn:schemas-microsoft-com:asm.v1"
ASM_V3 = "urn:schemas-microsoft-com:asm.v3"
COMPAT = "urn:schemas-microsoft-com:compatibility.v1"
WS2005 = "http://schemas.microsoft.com/SMI/2005/WindowsSettings"
WS2016 = "http://schemas.microsoft.com/SMI/2016/WindowsSettings"
WS2019 = "http://schemas.microsoft.com/SMI/2019/WindowsSettings"
SUPPORTED_OS = {
    "{35138b9a-5d96-4fbd-8e2d-a2440225f93a}": "Windows 7",
    "{4a2f28e3-53b9-4441-ba9c-d69d4a4a6e38}": "Windows 8",
    "{1f676c76-80e1-4239-95bb-83d0f6d0da78}": "Windows 8.1",
    "{8e0f7a12-bfb3-4fe8-b9a5-48fd50a15a9a}": "Windows 10 and 11",
}

failed = 0


def check(ok, what, why=""):
    global failed
    if ok:
        print(f"ok - {what}")
    else:
        failed += 1
        print(f"FAIL - {what}{': ' + why if why else ''}")


def cargo_version():
    with open(os.path.join(ROOT, "Cargo.toml"), "rb") as f:
        return tomllib.load(f)["package"]["version"]


def resources(pe):
    """{type id: {name id: [data bytes, one per language]}} from the .rsrc section."""
    out = {}
    if not hasattr(pe, "DIRECTORY_ENTRY_RESOURCE"):
        return out
    for rtype in pe.DIRECTORY_ENTRY_RESOURCE.entries:
        for name in rtype.directory.entries:
            for lang in name.directory.entries:
                entry = lang.data.struct
                data = pe.get_data(entry.OffsetToData, entry.Size)
                out.setdefault(rtype.id, {}).setdefault(name.id, []).append(data)
    return out


def check_version(pe, version):
    numbers = version.split("-")[0].split("+")[0].split(".")
    want_ms = (int(numbers[0]) << 16) | int(numbers[1])
    want_ls = int(numbers[2]) << 16
    fixed = getattr(pe, "VS_FIXEDFILEINFO", None)
    check(bool(fixed), "version information present (VS_VERSIONINFO)")
    if not fixed:
        return
    fixed = fixed[0]
    got = f"{fixed.FileVersionMS >> 16}.{fixed.FileVersionMS & 0xFFFF}." \
          f"{fixed.FileVersionLS >> 16}.{fixed.FileVersionLS & 0xFFFF}"
    check((fixed.FileVersionMS, fixed.FileVersionLS) == (want_ms, want_ls),
          f"FILEVERSION {got} is Cargo.toml's {version}")
    check((fixed.ProductVersionMS, fixed.ProductVersionLS) == (want_ms, want_ls),
          f"PRODUCTVERSION is Cargo.toml's {version}")
    check(fixed.FileType == 1, "FILETYPE is VFT_APP")

    tables = {}
    translations = []
    for info in getattr(pe, "FileInfo", []):
        for block in info:
            if block.Key == b"StringFileInfo":
                for table in block.StringTable:
                    tables[table.LangID.decode().lower()] = {
                        k.decode(): v.decode() for k, v in table.entries.items()}
            elif block.Key == b"VarFileInfo":
                for var in block.Var:
                    translations += list(var.entry.values())
    check(LANG_ITALIAN_CP_UTF16 in tables,
          "an Italian string table (041004B0: Italian, UTF-16)", f"found {sorted(tables)}")
    strings = tables.get(LANG_ITALIAN_CP_UTF16, {})
    for key, want in [("ProductName", "sigillo"), ("CompanyName", "sigillo"),
                      ("FileDescription", DESCRIPTION), ("OriginalFilename", "sigillo.exe"),
                      ("InternalName", "sigillo"),
                      ("FileVersion", version), ("ProductVersion", version)]:
        got = strings.get(key)
        check(got == want, f"{key} is {want!r}", f"got {got!r}")
    # pefile spells the Translation pair as "0x0410 0x04b0".
    check([t.lower() for t in translations] == ["0x0410 0x04b0"],
          "VarFileInfo Translation is 0x0410, 1200 (Italian, UTF-16)", f"got {translations}")


def ico_images(path):
    """{size: image bytes} of an .ico file."""
    with open(path, "rb") as f:
        data = f.read()
    _, _type, count = struct.unpack_from("<HHH", data, 0)
    images = {}
    for i in range(count):
        w, _h, _, _, _, _, size, offset = struct.unpack_from("<BBBBHHII", data, 6 + 16 * i)
        images[w or 256] = data[offset:offset + size]
    return images


def check_icon(res):
    groups = res.get(pefile.RESOURCE_TYPE["RT_GROUP_ICON"], {})
    icons = res.get(pefile.RESOURCE_TYPE["RT_ICON"], {})
    check(len(groups) == 1, "one icon group (RT_GROUP_ICON)", f"found {len(groups)}")
    if not groups:
        return
    group = next(iter(groups.values()))[0]
    _, _type, count = struct.unpack_from("<HHH", group, 0)
    entries = {}
    for i in range(count):
        w, _h, _, _, _, bits, size, icon_id = struct.unpack_from("<BBBBHHIH", group, 6 + 14 * i)
        entries[w or 256] = (bits, icon_id)
    check(sorted(entries) == ICON_SIZES, f"icon sizes {ICON_SIZES} px", f"got {sorted(entries)}")
    committed = ico_images(os.path.join(RESOURCES, "sigillo.ico"))
    for size, (bits, icon_id) in sorted(entries.items()):
        data = icons.get(icon_id, [None])[0]
        check(data is not None and data == committed.get(size),
              f"the {size} px icon ({bits}-bit) is sigillo.ico's")


def check_manifest(res):
    manifests = res.get(pefile.RESOURCE_TYPE["RT_MANIFEST"], {})
    ids = sorted(manifests)
    check(ids == [1] and len(manifests[1]) == 1,
          "exactly one manifest, RT_MANIFEST id 1 (the process manifest)", f"found ids {ids}")
    if 1 not in manifests:
        return
    text = manifests[1][0]
    with open(os.path.join(RESOURCES, "sigillo.exe.manifest"), "rb") as f:
        check(text == f.read(), "the manifest is portable/windows/sigillo.exe.manifest")
    try:
        root = ET.fromstring(text)
    except ET.ParseError as e:
        check(False, "the manifest is well-formed XML", str(e))
        return
    check(root.tag == f"{{{ASM_V1}}}assembly", "the manifest is an asm.v1 assembly")

    def find(path):
        return root.findall(path, {"v1": ASM_V1, "v3": ASM_V3, "c": COMPAT,
                                   "ws5": WS2005, "ws16": WS2016, "ws19": WS2019})

    level = find("v3:trustInfo/v3:security/v3:requestedPrivileges/v3:requestedExecutionLevel")
    check(len(level) == 1 and level[0].get("level") == "asInvoker"
          and level[0].get("uiAccess") == "false",
          "requestedExecutionLevel asInvoker, uiAccess false (never elevated or virtualised)")
    settings = "v3:application/v3:windowsSettings/"
    for path, want, what in [
            (settings + "ws16:longPathAware", "true", "longPathAware true"),
            (settings + "ws19:activeCodePage", "UTF-8", "activeCodePage UTF-8"),
            (settings + "ws5:dpiAware", "true/pm", "dpiAware true/pm (Windows 8.1)")]:
        got = [e.text.strip() for e in find(path)]
        check(got == [want], what, f"got {got}")
    awareness = [e.text.strip() for e in find(settings + "ws16:dpiAwareness")]
    check(len(awareness) == 1 and awareness[0].split(",")[0].strip() == "PerMonitorV2",
          "dpiAwareness PerMonitorV2 first", f"got {awareness}")
    os_ids = {e.get("Id").lower() for e in find("c:compatibility/c:application/c:supportedOS")}
    missing = [name for guid, name in SUPPORTED_OS.items() if guid not in os_ids]
    check(not missing, "supportedOS Windows 7, 8, 8.1, 10/11", f"missing {missing}")
    deps = [e.attrib for e in find("v1:dependency/v1:dependentAssembly/v1:assemblyIdentity")]
    check(any(d.get("name") == "Microsoft.Windows.Common-Controls" and d.get("version") == "6.0.0.0"
              and d.get("publicKeyToken") == "6595b64144ccf1df" and d.get("type") == "win32"
              for d in deps), "dependency on Common Controls 6.0.0.0", f"got {deps}")


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    try:
        pe = pefile.PE(argv[1])
    except (OSError, pefile.PEFormatError) as e:
        print(f"check-resources: cannot read {argv[1]} as a PE file: {e}", file=sys.stderr)
        return 2
    res = resources(pe)
    check_version(pe, cargo_version())
    check_icon(res)
    check_manifest(res)
    print(f"check-resources: {'all resources present' if not failed else f'{failed} check(s) failed'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
