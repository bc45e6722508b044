#pragma once

#include "secrets/keychain_secret_store.h"

// The CLI's way into the OS keychain: the Secret Service (GNOME Keyring, KWallet's bridge,
// KeePassXC), read through libsecret with the window's entries (QtKeychain's schema, service
// "Promptsmith"). Asked only for a key kept there, once per entry and run; empty where the
// build has no libsecret.
namespace ps::cli {

secrets::KeychainLookup secretServiceLookup();

} // namespace ps::cli
