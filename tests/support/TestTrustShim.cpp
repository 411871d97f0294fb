// SPDX-License-Identifier: GPL-2.0-or-later
// A test-only preload library (LD_PRELOAD) that makes one process trust one more CA, without
// touching the machine's trust store, without root and without a mount namespace: it works the same
// on a workstation, in a container and in a chroot (where `/` is no mount point and a mount namespace
// cannot make it private).
//
// libobs's RTMP output (obs-outputs, mbedtls) loads its trusted CAs with
// mbedtls_x509_crt_parse_path(chain, "/etc/ssl/certs/") and has no option for another CA file (the
// path is compiled in; no environment variable is read). This library defines that function: it
// calls mbedtls's own (everything the machine trusts stays trusted) and then parses the PEM file
// named by PINSTAGE_TEST_EXTRA_CA into the same chain. mbedtls then verifies the server as usual
// (chain, signature, host name, dates). When PINSTAGE_TEST_TRUST_LOG names a file, each call appends
// one line to it: the evidence that the CA was added and what mbedtls answered.
//
// mbedtls is loaded by obs-outputs.so, which libobs opens with dlopen() in a scope of its own, so the
// real functions are looked up in the loaded libmbedx509 (found with dl_iterate_phdr), not with
// RTLD_NEXT. Used through TestCertificateAuthority::trustingEnvironment(); never linked into Pinstage.
#include <dlfcn.h>
#include <link.h>

#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

struct Chain; // mbedtls_x509_crt, only passed through
using ParseFunction = int (*)(Chain* chain, const char* path);

int findMbedX509(dl_phdr_info* info, size_t, void* data)
{
    const char* name = info->dlpi_name;
    const char* slash = name ? std::strrchr(name, '/') : nullptr;
    const char* base = slash ? slash + 1 : name;
    if (base && std::strncmp(base, "libmbedx509.so", 14) == 0) {
        std::snprintf(static_cast<char*>(data), 4096, "%s", name);
        return 1;
    }
    return 0;
}

void trustLog(const char* format, ...)
{
    const char* path = std::getenv("PINSTAGE_TEST_TRUST_LOG");
    if (!path || !*path)
        return;
    FILE* f = std::fopen(path, "a");
    if (!f)
        return;
    va_list args;
    va_start(args, format);
    std::vfprintf(f, format, args);
    va_end(args);
    std::fputc('\n', f);
    std::fclose(f);
}

} // namespace

extern "C" __attribute__((visibility("default"))) int mbedtls_x509_crt_parse_path(Chain* chain, const char* path)
{
    char library[4096] = { 0 };
    dl_iterate_phdr(findMbedX509, library);
    // Already loaded (by obs-outputs.so): RTLD_NOLOAD only takes a reference to it.
    void* handle = library[0] ? dlopen(library, RTLD_NOW | RTLD_NOLOAD) : nullptr;
    auto* realPath = handle ? reinterpret_cast<ParseFunction>(dlsym(handle, "mbedtls_x509_crt_parse_path")) : nullptr;
    auto* realFile = handle ? reinterpret_cast<ParseFunction>(dlsym(handle, "mbedtls_x509_crt_parse_file")) : nullptr;
    if (!realPath || !realFile) {
        trustLog("pinstage-test-trust: no libmbedx509 is loaded; %s was not parsed", path ? path : "(null)");
        if (handle)
            dlclose(handle);
        return -1;
    }
    const int result = realPath(chain, path);
    const char* extra = std::getenv("PINSTAGE_TEST_EXTRA_CA");
    if (extra && *extra) {
        // mbedtls: 0 every certificate parsed, > 0 that many failed, < 0 an error.
        const int added = realFile(chain, extra);
        trustLog("pinstage-test-trust: %s parsed (%d) and %s added (%d) from %s", path ? path : "(null)", result, extra,
            added, library);
    }
    dlclose(handle);
    return result;
}
