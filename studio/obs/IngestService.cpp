// SPDX-License-Identifier: GPL-2.0-or-later
#include "obs/IngestService.h"

#include <obs-module.h>
#include <obs.h>

#include <string>

namespace pinstage::IngestService {
namespace {

    // libobs calls these on the thread that creates, updates or starts the output; the strings are
    // read by the output's connect thread while the service lives (a service is never updated
    // while its output runs: StreamOutput makes a new one for every attempt).
    struct Ingest {
        std::string server;
        std::string key;
    };

    void update(void* data, obs_data_t* settings)
    {
        auto* ingest = static_cast<Ingest*>(data);
        ingest->server = obs_data_get_string(settings, "server");
        ingest->key = obs_data_get_string(settings, "key");
    }

    void* create(obs_data_t* settings, obs_service_t*)
    {
        auto* ingest = new Ingest;
        update(ingest, settings);
        return ingest;
    }

    void destroy(void* data)
    {
        delete static_cast<Ingest*>(data);
    }

    const char* name(void*)
    {
        return "Pinstage ingest";
    }

    const char* url(void* data)
    {
        return static_cast<Ingest*>(data)->server.c_str();
    }

    const char* key(void* data)
    {
        return static_cast<Ingest*>(data)->key.c_str();
    }

} // namespace

void registerType()
{
    obs_service_info info {};
    info.id = kId;
    info.get_name = name;
    info.create = create;
    info.destroy = destroy;
    info.update = update;
    info.get_url = url;
    info.get_key = key;
    obs_register_service(&info);
}

} // namespace pinstage::IngestService
