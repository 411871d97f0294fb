// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QLabel>

namespace pinstage {

/// A one-line label that ends its text with "…" where it does not fit its width (a product name
/// longer than a narrow dock), instead of cutting it mid-letter; the whole text is then its
/// tooltip unless one was set. text() stays the whole text. Plain text only. Main thread.
class ElidingLabel : public QLabel {
    Q_OBJECT
public:
    explicit ElidingLabel(QWidget* parent = nullptr);
    /// Whether the text is shown shortened now.
    bool isElided() const;

protected:
    void paintEvent(QPaintEvent* event) override;
    bool event(QEvent* event) override;
};

} // namespace pinstage
