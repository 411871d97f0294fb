// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

namespace pinstage::IngestService {

/// The libobs service type every stream output of Pinstage uses: an ingest address ("server") and
/// a stream key ("key"), nothing else. It replaces libobs's rtmp-services module (its
/// "rtmp_custom"), which Pinstage no longer loads: that module starts a thread on every start that
/// asks obsproject.com for a newer services list. Pinstage reads the list that ships with libobs
/// itself (PlatformPreset), so a start makes no network access.
inline constexpr const char* kId = "pinstage_ingest";

/// Registers the service type with libobs. Call once on the main thread, after obs_startup().
void registerType();

} // namespace pinstage::IngestService
