// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "show/CardStage.h"

#include <QThread>

namespace pinstage {

class CardStageWorker;
class ProductCardLayer;

/// The real card stage: a worker thread with its own connection to the catalog looks the code
/// up, decodes the photo and paints the card, then hands the pixels to the card layer (a short
/// lock; the graphics thread uploads them at its next render). The UI thread only posts requests.
///
/// Thread contract: construct, call and destroy on the main thread; LAYER must outlive this
/// object and is used only from the worker thread after construction. The destructor stops the
/// worker (waiting for at most the request being painted, a few ms).
class CatalogCardStage final : public CardStage {
    Q_OBJECT
public:
    CatalogCardStage(const QString& catalogPath, ProductCardLayer& layer, QObject* parent = nullptr);
    ~CatalogCardStage() override;

    void stage(quint64 request, const QString& code, const QDateTime& now) override;
    void clear() override;

private:
    QThread m_thread;
    CardStageWorker* m_worker; // lives on m_thread; deleted when the thread finishes
};

} // namespace pinstage
