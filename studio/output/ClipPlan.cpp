// SPDX-License-Identifier: GPL-2.0-or-later
#include "output/ClipPlan.h"

#include <algorithm>

namespace pinstage::ClipPlan {

QString slug(const QString& text, int maxChars)
{
    // Compatibility forms folded (full-width letters, ligatures), then letters and digits only.
    const QString normalized = text.normalized(QString::NormalizationForm_KC).toLower();
    QString out;
    bool dash = false;
    for (auto it = normalized.cbegin(); it != normalized.cend(); ++it) {
        char32_t c = it->unicode();
        if (it->isHighSurrogate() && it + 1 != normalized.cend() && (it + 1)->isLowSurrogate()) {
            c = QChar::surrogateToUcs4(*it, *(it + 1));
            ++it;
        }
        // Combining marks belong to the letter before them (Arabic vowels, Hindi matras).
        const bool mark
            = QChar::category(c) == QChar::Mark_NonSpacing || QChar::category(c) == QChar::Mark_SpacingCombining;
        if (QChar::isLetterOrNumber(c) || (mark && !out.isEmpty() && !dash)) {
            const QString piece = (dash && !out.isEmpty() ? QStringLiteral("-") : QString()) + QString::fromUcs4(&c, 1);
            if (out.size() + piece.size() > maxChars)
                break;
            dash = false;
            out += piece;
        } else {
            dash = true;
        }
    }
    return out;
}

QString fileName(const QString& title, const QString& sku, QSet<QString>* taken)
{
    QString base = slug(title);
    const QString skuPart = slug(sku, 40);
    if (!skuPart.isEmpty() && !base.endsWith(skuPart))
        base = base.isEmpty() ? skuPart : base + QLatin1Char('-') + skuPart;
    if (base.isEmpty())
        base = QStringLiteral("clip");
    QString name = base + QStringLiteral(".mp4");
    for (int n = 2; taken && taken->contains(name.toLower()); ++n)
        name = base + QStringLiteral("-%1.mp4").arg(n);
    if (taken)
        taken->insert(name.toLower());
    return name;
}

QList<ClipCut> cuts(const QList<ShowChapter>& chapters, const QList<qint64>& keyframesMs, qint64 durationMs)
{
    QList<qint64> points = keyframesMs;
    points.append(0);
    points.append(durationMs);
    std::sort(points.begin(), points.end());
    points.erase(std::unique(points.begin(), points.end()), points.end());
    points.erase(
        std::remove_if(points.begin(), points.end(), [&](qint64 p) { return p < 0 || p > durationMs; }), points.end());
    const auto nearest = [&](qint64 t) {
        const auto after = std::lower_bound(points.cbegin(), points.cend(), t);
        if (after == points.cend())
            return points.constLast();
        if (after == points.cbegin())
            return *after;
        const qint64 before = *(after - 1);
        return t - before <= *after - t ? before : *after;
    };

    QList<ClipCut> out;
    QSet<QString> taken;
    for (int i = 0; i < chapters.size(); ++i) {
        const ShowChapter& c = chapters.at(i);
        if (c.code.isEmpty())
            continue; // the intro: no product
        const qint64 end = i + 1 < chapters.size() ? chapters.at(i + 1).startMs : durationMs;
        ClipCut cut;
        cut.startMs = nearest(std::clamp<qint64>(c.startMs, 0, durationMs));
        cut.endMs = nearest(std::clamp<qint64>(end, 0, durationMs));
        if (cut.endMs <= cut.startMs)
            continue;
        cut.title = c.title;
        cut.sku = c.sku;
        cut.fileName = fileName(c.title, c.sku.isEmpty() ? c.code : c.sku, &taken);
        out.append(cut);
    }
    return out;
}

} // namespace pinstage::ClipPlan
