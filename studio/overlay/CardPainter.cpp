// SPDX-License-Identifier: GPL-2.0-or-later
#include "overlay/CardPainter.h"

#include "overlay/CardLayout.h"
#include "overlay/CardMemory.h"
#include "overlay/QrCode.h"

#include <QCache>
#include <QFontMetricsF>
#include <QImageReader>
#include <QMutex>
#include <QMutexLocker>
#include <QPainter>
#include <QPainterPath>
#include <QTextLayout>

#include <atomic>
#include <memory>
#include <optional>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>

namespace pinstage {
namespace {

    const QColor kPlaceholder(0xE9, 0xEB, 0xEF);
    const QColor kPlaceholderInk(0x9A, 0x9F, 0xA8);
    const QColor kLowStock(0xE8, 0x7A, 0x00);

    // Sizes in card pixels, from the template's unit.
    struct Style {
        qreal title, variant, price, was, stock, banner, badge, pad, gap;
        int titleLines;
    };

    Style styleFor(const CardTemplate& tmpl, const CardTemplateLayout& layout)
    {
        const qreal u = layout.unit;
        switch (tmpl.kind()) {
        case CardTemplate::Kind::Corner:
            return { 11.5 * u, 8.5 * u, 18 * u, 10 * u, 8.5 * u, 7.5 * u, 9 * u, 7 * u, 3 * u, 2 };
        case CardTemplate::Kind::LowerThird:
            if (layout.cardRect.width() > layout.cardRect.height() * 5.5) // 16:9: a short bar, larger type
                return { 15 * u, 10.5 * u, 24 * u, 12 * u, 10.5 * u, 9 * u, 10 * u, 8 * u, 3 * u, 2 };
            return { 13 * u, 9.5 * u, 20 * u, 11 * u, 9.5 * u, 8 * u, 9 * u, 8 * u, 3 * u, 2 };
        case CardTemplate::Kind::Spotlight:
            if (layout.cardRect.height() >= layout.cardRect.width())
                return { 6 * u, 4.2 * u, 9.5 * u, 5.2 * u, 4.2 * u, 4 * u, 5 * u, 5 * u, 1.5 * u, 2 };
            return { 7 * u, 5 * u, 12 * u, 6.5 * u, 5 * u, 4.6 * u, 5.5 * u, 5 * u, 2 * u, 3 };
        }
        return {};
    }

    QImage pooledImage(QSize size)
    {
        return CardMemory::image(size);
    }

    // --- caches (scaled photo, logo): keyed by the source image, shared by every thread ---------------
    QMutex cacheMutex;
    QCache<QString, QImage>& imageCache()
    {
        static QCache<QString, QImage> cache(96 * 1024 * 1024); // cost: bytes
        return cache;
    }

    std::optional<QImage> cached(const QString& key)
    {
        QMutexLocker lock(&cacheMutex);
        if (const QImage* found = imageCache().object(key))
            return *found;
        return std::nullopt;
    }

    void store(const QString& key, const QImage& image)
    {
        QMutexLocker lock(&cacheMutex);
        imageCache().insert(key, new QImage(image), std::max<qsizetype>(1, image.sizeInBytes()));
    }

    // PHOTO cropped to fill SIZE, with rounded corners of RADIUS: ready to draw 1:1.
    QImage roundedPhoto(const QImage& photo, QSize size, qreal radius)
    {
        const QString key = QStringLiteral("photo:%1:%2x%3:%4")
                                .arg(photo.cacheKey())
                                .arg(size.width())
                                .arg(size.height())
                                .arg(radius, 0, 'f', 1);
        if (auto hit = cached(key))
            return *hit;
        QImage out = pooledImage(size);
        out.fill(Qt::transparent);
        const QImage scaled = photo.scaled(size, Qt::KeepAspectRatioByExpanding, Qt::SmoothTransformation);
        QPainter p(&out);
        p.setRenderHints(QPainter::Antialiasing | QPainter::SmoothPixmapTransform);
        QPainterPath clip;
        clip.addRoundedRect(QRectF(QPointF(0, 0), QSizeF(size)), radius, radius);
        p.setClipPath(clip);
        const QPointF offset((scaled.width() - size.width()) / 2.0, (scaled.height() - size.height()) / 2.0);
        p.drawImage(QPointF(0, 0), scaled, QRectF(offset, QSizeF(size)));
        p.end();
        store(key, out);
        return out;
    }

    QImage logoImage(const QString& path, int height, int maxWidth)
    {
        if (path.isEmpty() || height <= 0)
            return {};
        const QString key = QStringLiteral("logo:%1:%2:%3").arg(height).arg(maxWidth).arg(path);
        if (auto hit = cached(key))
            return *hit;
        QImageReader reader(path);
        reader.setAutoTransform(true);
        QImage logo = reader.read();
        if (!logo.isNull())
            logo = logo.scaled(QSize(maxWidth, height), Qt::KeepAspectRatio, Qt::SmoothTransformation)
                       .convertToFormat(QImage::Format_RGBA8888_Premultiplied);
        store(key, logo); // a logo that does not load is remembered as null: no retry per paint
        return logo;
    }

    void drawPhoto(QPainter& p, const QImage& photo, const QRectF& box, qreal radius)
    {
        if (!photo.isNull()) {
            p.drawImage(box.topLeft(), roundedPhoto(photo, box.size().toSize(), radius));
            return;
        }
        // Placeholder: a soft tile with a shopping-bag outline, so a missing photo still looks intended.
        p.save();
        p.setPen(Qt::NoPen);
        p.setBrush(kPlaceholder);
        p.drawRoundedRect(box, radius, radius);
        const qreal s = std::min(box.width(), box.height());
        const QPointF c = box.center();
        const QRectF bag(c.x() - s * 0.2, c.y() - s * 0.12, s * 0.4, s * 0.36);
        p.setPen(QPen(kPlaceholderInk, std::max(1.5, s * 0.035)));
        p.setBrush(Qt::NoBrush);
        p.drawRoundedRect(bag, s * 0.04, s * 0.04);
        p.drawArc(QRectF(bag.x() + bag.width() * 0.25, bag.y() - s * 0.12, bag.width() * 0.5, s * 0.24), 0, 180 * 16);
        p.restore();
    }

    // A pill with TEXT centred in FONT; returns its rect (top-left at TOPLEFT, or ending at its right
    // when ALIGNRIGHT).
    QRectF pill(QPainter& p, const QString& text, const QFont& font, QPointF at, const QColor& fill, const QColor& ink,
        bool dashed = false)
    {
        const QFontMetricsF fm(font);
        const qreal h = fm.height() * 1.25;
        const QRectF r(at, QSizeF(fm.horizontalAdvance(text) + h * 0.9, h));
        p.save();
        if (dashed) {
            QPen pen(fill, std::max(1.0, h * 0.07), Qt::DashLine);
            p.setPen(pen);
            p.setBrush(Qt::NoBrush);
        } else {
            p.setPen(Qt::NoPen);
            p.setBrush(fill);
        }
        p.drawRoundedRect(r, h / 2, h / 2);
        p.setPen(ink);
        p.setFont(font);
        p.drawText(r, Qt::AlignCenter | Qt::TextSingleLine, text);
        p.restore();
        return r;
    }

    QSizeF pillSize(const QString& text, const QFont& font)
    {
        const QFontMetricsF fm(font);
        const qreal h = fm.height() * 1.25;
        return { fm.horizontalAdvance(text) + h * 0.9, h };
    }

    // The right edge free for a row from TOP to BOTTOM: the column's, or left of an obstacle beside it.
    struct Column {
        QRectF box;
        QList<QRectF> obstacles;
        qreal gap = 0;
        qreal rightAt(qreal top, qreal bottom) const
        {
            qreal right = box.right();
            for (const QRectF& o : obstacles) {
                if (o.top() < bottom && o.bottom() > top)
                    right = std::min(right, o.left() - gap);
            }
            return right;
        }
    };

    // Lays TEXT out in at most MAXLINES lines with QTextLayout (line breaks at word boundaries, or
    // inside a word too long for a line, never inside a character), eliding the last line with "…";
    // right-aligned when RTL. Returns the height used.
    qreal drawTitle(
        QPainter& p, const QString& text, const QFont& font, const Column& column, qreal top, int maxLines, bool rtl)
    {
        const QString clean = text.simplified();
        if (clean.isEmpty() || maxLines < 1)
            return 0;
        QTextOption option;
        option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
        option.setTextDirection(rtl ? Qt::RightToLeft : Qt::LeftToRight);
        option.setAlignment(rtl ? (Qt::AlignRight | Qt::AlignAbsolute) : (Qt::AlignLeft | Qt::AlignAbsolute));
        const QFontMetricsF fm(font);
        const qreal lineHeight = fm.lineSpacing();

        QTextLayout layout(clean, font);
        layout.setTextOption(option);
        layout.beginLayout();
        QList<qreal> widths;
        int lastStart = 0;
        bool more = false;
        qreal y = 0;
        while (true) {
            QTextLine line = layout.createLine();
            if (!line.isValid())
                break;
            if (widths.size() == maxLines) {
                more = true;
                break;
            }
            const qreal width = std::max(1.0, column.rightAt(top + y, top + y + lineHeight) - column.box.left());
            line.setLineWidth(width);
            line.setPosition(QPointF(0, y));
            widths.append(width);
            lastStart = line.textStart();
            y += lineHeight;
        }
        layout.endLayout();
        p.setFont(font);
        const QPointF origin(column.box.left(), top);
        const int plain = more ? int(widths.size()) - 1 : int(widths.size());
        for (int i = 0; i < plain; ++i)
            layout.lineAt(i).draw(&p, origin);
        if (more) {
            // The last line: what is left, elided at a character boundary, laid out on its own.
            const QString rest = clean.mid(lastStart).trimmed();
            const qreal width = widths.constLast();
            const QString elided = fm.elidedText(rest, Qt::ElideRight, width);
            QTextLayout last(elided, font);
            last.setTextOption(option);
            last.beginLayout();
            QTextLine line = last.createLine();
            line.setLineWidth(width);
            line.setPosition(QPointF(0, (widths.size() - 1) * lineHeight));
            last.endLayout();
            line.draw(&p, origin);
        }
        return widths.size() * lineHeight;
    }

    // One line of TEXT at BASELINE from X, elided to WIDTH; returns the width drawn.
    qreal drawLine(QPainter& p, const QString& text, const QFont& font, qreal x, qreal baseline, qreal width,
        bool alignRight = false)
    {
        const QFontMetricsF fm(font);
        const QString elided = fm.elidedText(text, Qt::ElideRight, std::max(1.0, width));
        const qreal advance = fm.horizontalAdvance(elided);
        p.setFont(font);
        p.drawText(QPointF(alignRight ? x + width - advance : x, baseline), elided);
        return advance;
    }

    // The promo code's pill as it fits ROOM pixels: "CODE X" at full size, else smaller (down to
    // 70 %), else without the "CODE" label (down to 55 %), else the code elided at 55 %. Never empty
    // while there is a code and ROOM holds the pill's ends.
    struct PromoFit {
        QString text;
        QFont font;
        QSizeF size;
        bool elided = false;
    };
    PromoFit fitPromo(const QString& code, const CardTheme& theme, qreal fullSize, qreal room)
    {
        PromoFit fit;
        if (code.isEmpty())
            return fit;
        const QString labelled = QStringLiteral("CODE ") + code;
        for (const QString& text : { labelled, code }) {
            const qreal floor = text == labelled ? 0.7 : 0.55;
            for (qreal scale = 1; scale >= floor - 1e-6; scale *= 0.93) {
                fit.text = text;
                fit.font = theme.font(fullSize * scale, QFont::Bold);
                fit.size = pillSize(text, fit.font);
                if (fit.size.width() <= room + 0.5)
                    return fit;
            }
        }
        // At the smallest size: the code elided, so that the viewer still sees a code is on offer.
        const QFontMetricsF fm(fit.font);
        const qreal ends = fm.height() * 1.25 * 0.9;
        fit.text = fm.elidedText(code, Qt::ElideRight, std::max(0.0, room - ends));
        if (fit.text.isEmpty())
            fit.text = QStringLiteral("\u2026");
        fit.size = pillSize(fit.text, fit.font);
        fit.elided = true;
        return fit;
    }

    // The stock line and the promo code at the bottom of the text column, planned from the column's
    // bottom up and drawn when P is given. One row: the stock line, then the promo code; when both do
    // not fit, the "N sold" count goes first, then the promo code takes a row of its own above.
    struct Rows {
        qreal top = 0; // where the rows end upwards (the price row's bottom)
        QRectF area; // every pixel the rows draw (card pixels)
        QString geometry; // the rows' tops and heights, and whether the card is sold out
        QRectF promo; // the promo code's pill; empty: no promo code
    };
    Rows stockRows(
        QPainter* p, const CardContent& content, const CardTheme& theme, const Style& style, const Column& column)
    {
        const CardContent::StockState stockState = content.stockState();
        const QString stockText = content.stockText();
        const QString fullStockLine = content.soldText().isEmpty() ? stockText
            : stockText.isEmpty()                                  ? content.soldText()
                                  : stockText + QStringLiteral(" · ") + content.soldText();
        const QFont stockFont = theme.font(style.stock,
            stockState == CardContent::StockState::SoldOut || stockState == CardContent::StockState::Low
                ? QFont::Bold
                : QFont::Medium);
        const QFontMetricsF stockMetrics(stockFont);
        const qreal promoFullSize = style.stock * 0.92;
        const QString promo = content.promoCode.isEmpty() ? QString() : QStringLiteral("CODE ") + content.promoCode;
        const QSizeF promoSize = promo.isEmpty() ? QSizeF() : pillSize(promo, theme.font(promoFullSize, QFont::Bold));
        QColor stockColour = theme.mutedText();
        if (stockState == CardContent::StockState::SoldOut)
            stockColour = theme.accent;
        else if (stockState == CardContent::StockState::Low)
            stockColour = kLowStock;
        Rows rows;
        rows.geometry = stockState == CardContent::StockState::SoldOut ? QStringLiteral("sold out") : QString();
        qreal bottom = column.box.bottom();
        const auto drawRow = [&](const QString& stock, bool withPromo) {
            const qreal fullHeight
                = std::max(stock.isEmpty() ? 0.0 : stockMetrics.height(), withPromo ? promoSize.height() : 0.0);
            const qreal right = column.rightAt(bottom - fullHeight, bottom);
            qreal x = column.box.left();
            // The "N sold" count gives way before the stock words are elided.
            const QString shown
                = stockMetrics.horizontalAdvance(stock) > right - x && stock != stockText && !stockText.isEmpty()
                ? stockText
                : stock;
            const qreal stockWidth = shown.isEmpty()
                ? 0.0
                : std::min(stockMetrics.horizontalAdvance(shown), std::max(1.0, right - x)) + style.gap * 2;
            PromoFit fit;
            if (withPromo)
                fit = fitPromo(content.promoCode, theme, promoFullSize, right - x - stockWidth);
            const qreal rowHeight
                = std::max(stock.isEmpty() ? 0.0 : stockMetrics.height(), withPromo ? fit.size.height() : 0.0);
            const qreal top = bottom - rowHeight;
            if (!shown.isEmpty()) {
                const qreal baseline = top + (rowHeight + stockMetrics.ascent() - stockMetrics.descent()) / 2;
                if (p) {
                    p->setPen(stockColour);
                    drawLine(*p, shown, stockFont, x, baseline, right - x);
                }
                x += stockWidth;
            }
            if (withPromo) {
                rows.promo = QRectF(QPointF(x, top + (rowHeight - fit.size.height()) / 2), fit.size);
                if (fit.elided && p)
                    qWarning("pinstage: the promo code \"%s\" does not fit its card row (%.0f px); shown elided as "
                             "\"%s\"",
                        qPrintable(content.promoCode), right - column.box.left(), qPrintable(fit.text));
                if (p)
                    pill(*p, fit.text, fit.font, rows.promo.topLeft(), theme.accent, theme.accent, true);
            }
            rows.area |= QRectF(column.box.left(), top, right - column.box.left(), rowHeight);
            rows.geometry += QStringLiteral("|%1+%2").arg(top, 0, 'g', 17).arg(rowHeight, 0, 'g', 17);
            bottom = top - style.gap * 0.6;
        };
        const auto fits = [&](const QString& stock) {
            const qreal top = bottom - std::max(stockMetrics.height(), promoSize.height());
            const qreal room = column.rightAt(top, bottom) - column.box.left();
            return (stock.isEmpty() ? 0.0 : stockMetrics.horizontalAdvance(stock) + style.gap * 2) + promoSize.width()
                <= room;
        };
        if (promo.isEmpty()) {
            if (!fullStockLine.isEmpty())
                drawRow(fullStockLine, false);
        } else if (fits(fullStockLine)) {
            drawRow(fullStockLine, true);
        } else if (fits(stockText)) {
            drawRow(stockText, true);
        } else {
            if (!fullStockLine.isEmpty())
                drawRow(fullStockLine, false);
            drawRow(QString(), true);
        }
        rows.top = bottom;
        return rows;
    }

} // namespace

QImage CardPainter::paint(const CardContent& content, QSize canvas)
{
    return paint(content, canvas, CardTemplate::defaultTemplate(), CardTheme(), QRect());
}

namespace {

    // --- finished cards: a pin of a card painted before (prepared, or pinned again) is a lookup -------
    struct FinishedCard {
        QImage image;
        QRect qrRect;
        QRect promoRect;
    };
    QMutex finishedMutex;
    QCache<QString, FinishedCard>& finishedCache()
    {
        // cost: bytes. Enough for Next up, the card on air, the last few pinned and their stock
        // changes (43 corner cards, 8 spotlight cards at 1080x1920); small, so that their memory is
        // soon reused (CardMemory).
        static QCache<QString, FinishedCard> cache(48 * 1024 * 1024);
        return cache;
    }

    // Every input of a paint, as one string: two cards with the same key have the same pixels. Without
    // STOCK, the fields a stock change touches (stock, "N sold", back-orders) are left out: the key of
    // the card's stock rows.
    QString finishedKey(const CardContent& c, QSize canvas, const CardTemplate& tmpl, const CardTheme& theme,
        QRect safeArea, bool stock = true)
    {
        QStringList key { tmpl.name(), QString::number(canvas.width()), QString::number(canvas.height()),
            QString::number(safeArea.x()), QString::number(safeArea.y()), QString::number(safeArea.width()),
            QString::number(safeArea.height()) };
        for (const QString& field : CardTheme::fieldNames())
            key.append(theme.field(field));
        const auto optional = [](const auto& value) { return value ? QString::number(*value) : QStringLiteral("-"); };
        key << c.title << c.variantLabel << c.price << c.compareAtPrice << optional(c.priceMinor)
            << optional(c.compareAtMinor) << c.promoCode << c.productUrl << c.banner
            << QString::number(int(c.rightToLeft)) << QString::number(c.photo.cacheKey());
        if (stock)
            key << optional(c.soldCount) << optional(c.stock) << QString::number(int(c.continueSelling));
        return key.join(QChar(0x1F)); // the unit separator: in no field a seller types
    }

    std::atomic<quint64> g_stockRowRepaints { 0 };

} // namespace

/// The stock rows of a painted card: enough to draw them again over the same card with other stock.
struct CardPainter::StockRows {
    QString cardKey; // the finished card they were drawn on (finishedCache)
    Column column; // the text column as the rows saw it
    Style style;
    QRect area; // card pixels: the rows, a little outside them, nothing else drawn there
    QImage under; // the card's pixels at AREA before the rows were drawn
    QString geometry; // Rows::geometry
};

namespace {

    QMutex rowsMutex;
    QCache<QString, CardPainter::StockRows>& rowsCache()
    {
        static QCache<QString, CardPainter::StockRows> cache(8 * 1024 * 1024); // cost: bytes of `under`
        return cache;
    }

} // namespace

QImage CardPainter::paint(const CardContent& content, QSize canvas, const CardTemplate& cardTemplate,
    const CardTheme& theme, QRect safeArea, QRect* qrRect, QRect* promoRect)
{
    const QString key = finishedKey(content, canvas, cardTemplate, theme, safeArea);
    {
        QMutexLocker lock(&finishedMutex);
        if (const FinishedCard* found = finishedCache().object(key)) {
            if (qrRect)
                *qrRect = found->qrRect;
            if (promoRect)
                *promoRect = found->promoRect;
            return found->image;
        }
    }
    const QString rowsKey = finishedKey(content, canvas, cardTemplate, theme, safeArea, false);
    const auto remember = [&](const QImage& image, QRect qr, QRect promo) {
        if (qrRect)
            *qrRect = qr;
        if (promoRect)
            *promoRect = promo;
        QMutexLocker lock(&finishedMutex);
        finishedCache().insert(key, new FinishedCard { image, qr, promo }, std::max<qsizetype>(1, image.sizeInBytes()));
    };

    // Only the stock changed since a card still cached: that card with its stock rows drawn again, when
    // they keep their place and size and neither card is sold out (the veil covers the whole card).
    std::optional<StockRows> before;
    {
        QMutexLocker lock(&rowsMutex);
        if (const StockRows* found = rowsCache().object(rowsKey))
            before = *found;
    }
    if (before && content.stockState() != CardContent::StockState::SoldOut
        && !before->geometry.startsWith(QLatin1String("sold out"))) {
        std::optional<FinishedCard> card;
        {
            QMutexLocker lock(&finishedMutex);
            if (const FinishedCard* found = finishedCache().object(before->cardKey))
                card = *found;
        }
        if (card && stockRows(nullptr, content, theme, before->style, before->column).geometry == before->geometry) {
            QImage image = CardMemory::copy(card->image);
            QPainter p(&image);
            p.setCompositionMode(QPainter::CompositionMode_Source);
            p.drawImage(before->area.topLeft(), before->under);
            p.setCompositionMode(QPainter::CompositionMode_SourceOver);
            p.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing | QPainter::SmoothPixmapTransform);
            p.setClipRect(before->area);
            const Rows rows = stockRows(&p, content, theme, before->style, before->column);
            p.end();
            g_stockRowRepaints.fetch_add(1);
            remember(image, card->qrRect, rows.promo.toAlignedRect());
            QMutexLocker lock(&rowsMutex);
            if (StockRows* found = rowsCache().object(rowsKey))
                found->cardKey = key;
            return image;
        }
    }

    QRect qr;
    QRect promo;
    auto rows = std::make_unique<StockRows>();
    QImage image = paintCard(content, canvas, cardTemplate, theme, safeArea, &qr, &promo, rows.get());
    remember(image, qr, promo);
    if (!rows->area.isEmpty()) {
        rows->cardKey = key;
        const qsizetype cost = std::max<qsizetype>(1, rows->under.sizeInBytes());
        QMutexLocker lock(&rowsMutex);
        rowsCache().insert(rowsKey, rows.release(), cost);
    }
    return image;
}

bool CardPainter::isCached(
    const CardContent& content, QSize canvas, const CardTemplate& cardTemplate, const CardTheme& theme, QRect safeArea)
{
    const QString key = finishedKey(content, canvas, cardTemplate, theme, safeArea);
    QMutexLocker lock(&finishedMutex);
    return finishedCache().contains(key);
}

quint64 CardPainter::stockRowRepaints()
{
    return g_stockRowRepaints.load();
}

void CardPainter::clearCaches()
{
    {
        QMutexLocker lock(&finishedMutex);
        finishedCache().clear();
    }
    {
        QMutexLocker lock(&rowsMutex);
        rowsCache().clear();
    }
    QMutexLocker lock(&cacheMutex);
    imageCache().clear();
}

QImage CardPainter::paintCard(const CardContent& content, QSize canvas, const CardTemplate& cardTemplate,
    const CardTheme& theme, QRect safeArea, QRect* qrRect, QRect* promoRect, StockRows* stockRowsOut)
{
    const CardTemplateLayout layout = cardTemplate.layout(canvas, safeArea, theme);
    const Style style = styleFor(cardTemplate, layout);
    const qreal w = layout.cardRect.width();
    const qreal h = layout.cardRect.height();
    const qreal canvasScale = std::min(canvas.width(), canvas.height()) / 1080.0;
    const qreal radius = std::min(theme.cornerRadius * canvasScale, std::min(w, h) / 4);
    const QRectF photoBox(layout.photoRect);
    const QRect barRect = layout.accentBarRect;
    const QString badge = !content.onSale() ? QString()
        : content.discountPercent()         ? content.discountText()
                                            : QStringLiteral("SALE");

    QImage image = CardMemory::image(layout.cardRect.size());
    image.fill(Qt::transparent);
    QPainter p(&image);
    p.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing | QPainter::SmoothPixmapTransform);
    // Card body, then the accent bar on top with square outer corners: the bar is the card's
    // signature and must stay a solid block of colour (tests look for it in the encoded video).
    p.setPen(Qt::NoPen);
    p.setBrush(theme.background);
    p.drawRoundedRect(QRectF(0, 0, w, h), radius, radius);
    p.fillRect(barRect, theme.accent);
    const qreal photoRadius = std::min(radius * 0.7, photoBox.height() / 6);
    drawPhoto(p, content.photo, photoBox, photoRadius);
    if (!badge.isEmpty()) {
        // The discount badge sits on the photo's corner, leaving the text column to the title.
        const QFont badgeFont = theme.font(style.badge, QFont::Black);
        const qreal inset = std::max(2.0, style.gap);
        pill(p, badge, badgeFont, photoBox.topLeft() + QPointF(inset, inset), theme.sale, Qt::white);
    }

    // The text column, beside the photo (or under it in a portrait spotlight).
    Column column;
    column.gap = style.gap * 1.5;
    if (cardTemplate.kind() == CardTemplate::Kind::Spotlight && h >= w)
        column.box = QRectF(photoBox.left(), photoBox.bottom() + style.pad * 0.8, photoBox.width(),
            h - photoBox.bottom() - 1.8 * style.pad);
    else
        column.box = QRectF(photoBox.right() + style.pad, style.pad,
            std::max(1.0, w - photoBox.right() - 2 * style.pad), h - 2 * style.pad);

    // The QR code of the product page, a white square: at the column's bottom right where the card is
    // wide enough for the price beside it (lower third, portrait spotlight), else at its top right
    // (corner) or just above the price (landscape spotlight), so the price row keeps its full width.
    enum class QrPlace { None, Bottom, Top, AbovePrice };
    QrPlace qrPlace = QrPlace::None;
    if (!content.productUrl.isEmpty()) {
        if (cardTemplate.kind() == CardTemplate::Kind::LowerThird
            || (cardTemplate.kind() == CardTemplate::Kind::Spotlight && h >= w))
            qrPlace = QrPlace::Bottom;
        else if (cardTemplate.kind() == CardTemplate::Kind::Corner)
            qrPlace = QrPlace::Top;
        else
            qrPlace = QrPlace::AbovePrice;
    }
    const auto placeQr = [&](qreal side, qreal top) {
        side = std::floor(side);
        const QImage qr = QrCode::render(content.productUrl, int(side));
        if (qr.isNull())
            return;
        const QRectF where(column.box.right() - side, top, side, side);
        p.drawImage(where.topLeft(), qr);
        column.obstacles.append(where);
        *qrRect = QRect(where.topLeft().toPoint(), qr.size());
    };
    if (qrPlace == QrPlace::Bottom) {
        const qreal side
            = cardTemplate.kind() == CardTemplate::Kind::LowerThird ? column.box.height() : column.box.height() * 0.62;
        const qreal s = std::min(side, column.box.width() * 0.4);
        placeQr(s, column.box.bottom() - s);
    } else if (qrPlace == QrPlace::Top) {
        placeQr(std::min(column.box.height() * 0.5, column.box.width() * 0.36), column.box.top());
    }
    // The brand logo: small, at the column's top right.
    if (!theme.logoPath.isEmpty()) {
        const QImage logo = logoImage(
            theme.logoPath, int(std::lround(style.title * 1.1)), int(std::lround(column.box.width() * 0.3)));
        if (!logo.isNull()) {
            const QRectF where(column.box.right() - logo.width(), column.box.top(), logo.width(), logo.height());
            p.drawImage(where.topLeft(), logo);
            column.obstacles.append(where);
        }
    }

    // The lower third shows the price as a block at its right end (the compare-at price under it),
    // vertically centred; the title, variant and stock rows run beside it.
    const bool priceBlock = cardTemplate.kind() == CardTemplate::Kind::LowerThird;
    if (priceBlock) {
        QFont priceFont = theme.font(style.price * 1.25, QFont::Black);
        QFont was = theme.font(style.was * 1.1, QFont::Normal);
        was.setStrikeOut(true);
        const qreal room = (column.rightAt(column.box.top(), column.box.bottom()) - column.box.left()) * 0.5;
        qreal scale = 1;
        while (QFontMetricsF(priceFont).horizontalAdvance(content.price) > room && scale > 0.5) {
            scale *= 0.93;
            priceFont = theme.font(style.price * 1.25 * scale, QFont::Black);
        }
        const QFontMetricsF pm(priceFont);
        const QFontMetricsF wm(was);
        const bool showWas = content.onSale() && wm.horizontalAdvance(content.compareAtPrice) <= room;
        const qreal blockHeight = pm.ascent() + pm.descent() * 0.3 + (showWas ? wm.height() : 0);
        const qreal blockWidth = std::max(
            pm.horizontalAdvance(content.price), showWas ? wm.horizontalAdvance(content.compareAtPrice) : 0.0);
        const qreal top = column.box.center().y() - blockHeight / 2;
        const qreal right = column.rightAt(top, top + blockHeight);
        p.setPen(content.onSale() ? theme.sale : theme.text);
        p.setFont(priceFont);
        p.drawText(QPointF(right - pm.horizontalAdvance(content.price), top + pm.ascent()), content.price);
        if (showWas) {
            p.setPen(theme.mutedText());
            p.setFont(was);
            p.drawText(QPointF(right - wm.horizontalAdvance(content.compareAtPrice), top + blockHeight - wm.descent()),
                content.compareAtPrice);
        }
        column.obstacles.append(QRectF(right - blockWidth, column.box.top(), blockWidth, column.box.height()));
    }

    // Bottom up: the stock and promo rows (planned now, drawn last: see below), then the price row.
    const Rows plannedRows = stockRows(nullptr, content, theme, style, column);
    const qreal bottom = plannedRows.top;

    qreal priceTop = bottom;
    if (!priceBlock) {
        // Price row: the price the buyer pays, and the original price struck through when on sale. It must
        // fit whole: shrink both (down to 55 %) rather than elide a price; at the last, drop the compare-at
        // price (the discount badge still tells the saving).
        qreal scale = 1;
        bool showWas = content.onSale();
        QFont priceFont = theme.font(style.price, QFont::Black);
        QFont was = theme.font(style.was, QFont::Normal);
        was.setStrikeOut(true);
        priceTop = bottom - QFontMetricsF(priceFont).height();
        const qreal priceRight = column.rightAt(priceTop, bottom);
        const qreal priceRoom = priceRight - column.box.left();
        const auto rowWidth = [&] {
            return QFontMetricsF(priceFont).horizontalAdvance(content.price)
                + (showWas ? QFontMetricsF(was).horizontalAdvance(content.compareAtPrice) + style.gap * 2 : 0);
        };
        while (rowWidth() > priceRoom && scale > 0.55) {
            scale *= 0.93;
            priceFont = theme.font(style.price * scale, QFont::Black);
            was = theme.font(style.was * std::max(scale, 0.75), QFont::Normal);
            was.setStrikeOut(true);
        }
        if (rowWidth() > priceRoom)
            showWas = false;
        const QFontMetricsF priceMetrics(priceFont);
        const qreal priceBaseline = bottom - priceMetrics.descent();
        priceTop = bottom - priceMetrics.height();
        p.setPen(content.onSale() ? theme.sale : theme.text);
        const qreal priceWidth = drawLine(p, content.price, priceFont, column.box.left(), priceBaseline, priceRoom);
        if (showWas) {
            p.setPen(theme.mutedText());
            const qreal x = column.box.left() + priceWidth + style.gap * 2;
            drawLine(p, content.compareAtPrice, was, x, priceBaseline, priceRight - x);
        }
        if (qrPlace == QrPlace::AbovePrice) {
            const qreal side = std::min(column.box.height() * 0.34, column.box.width() * 0.42);
            placeQr(side, priceTop - style.gap - side);
        }
    }
    const qreal textBottom = priceTop; // the title and variant stay above the price row

    // Top down: the banner, the title (wrapped, elided), the variant.
    qreal y = column.box.top();
    if (!content.banner.isEmpty()) {
        const QFont bannerFont = theme.font(style.banner, QFont::Bold);
        const QSizeF size = pillSize(content.banner, bannerFont);
        if (size.width() <= column.rightAt(y, y + size.height()) - column.box.left())
            pill(p, content.banner, bannerFont, QPointF(column.box.left(), y), theme.accent, Qt::white);
        y += size.height() + style.gap;
    }
    const QFont titleFont = theme.font(style.title, QFont::Bold);
    const QFont variantFont = theme.font(style.variant, QFont::Normal);
    const qreal titleLine = QFontMetricsF(titleFont).lineSpacing();
    const qreal variantLine = content.variantLabel.isEmpty() ? 0 : QFontMetricsF(variantFont).lineSpacing();
    // As many title lines as fit above the price with the variant under them.
    int titleLines = style.titleLines;
    while (titleLines > 1 && y + titleLines * titleLine + variantLine > textBottom + 1)
        --titleLines;
    p.setPen(theme.text);
    y += drawTitle(p, content.title, titleFont, column, y, titleLines, content.titleIsRightToLeft());
    if (!content.variantLabel.isEmpty() && y + variantLine <= textBottom + 1) {
        p.setPen(theme.mutedText());
        const QFontMetricsF vm(variantFont);
        drawLine(p, content.variantLabel, variantFont, column.box.left(), y + vm.ascent(),
            column.rightAt(y, y + variantLine) - column.box.left(),
            content.titleIsRightToLeft() || content.variantLabel.isRightToLeft());
    }

    // The stock rows last, over nothing else: the pixels under them (and a little around) are kept so
    // that a stock change can put them back and draw only the rows again (CardPainter::paint).
    const int margin = int(std::ceil(std::max(2.0, style.gap * 0.5)));
    const QRect rowsArea = plannedRows.area.isEmpty()
        ? QRect()
        : plannedRows.area.toAlignedRect().adjusted(-margin, -margin, margin, margin).intersected(image.rect());
    if (stockRowsOut && !rowsArea.isEmpty()) {
        stockRowsOut->column = column;
        stockRowsOut->style = style;
        stockRowsOut->area = rowsArea;
        stockRowsOut->under = image.copy(rowsArea);
        stockRowsOut->geometry = plannedRows.geometry;
    }
    const Rows rows = stockRows(&p, content, theme, style, column);
    if (promoRect)
        *promoRect = rows.promo.toAlignedRect();
    p.end();

    if (content.stockState() == CardContent::StockState::SoldOut) {
        // Sold out: grey the whole card a little, keep the bar.
        QPainter veil(&image);
        veil.setCompositionMode(QPainter::CompositionMode_SourceAtop);
        veil.fillRect(QRectF(barRect.width(), 0, w - barRect.width(), h), QColor(255, 255, 255, 70));
    }
    return image;
}

} // namespace pinstage
