// SPDX-License-Identifier: GPL-2.0-or-later
// The card draws every script sellers type with the fonts it names (CardLayout::fontFamilies), on
// the offscreen platform with the machine's real fonts: no character falls back to a missing-glyph
// box, and none is drawn by a font the card did not name (an undeclared fallback that happens to be
// installed here would not be on the seller's machine).
#include "components/VariantDelegate.h"
#include "models/VariantListModel.h"
#include "overlay/CardLayout.h"
#include "overlay/CardPainter.h"
#include "utility/ThumbnailCache.h"

#include <QApplication>
#include <QFontDatabase>
#include <QGlyphRun>
#include <QImage>
#include <QPaintEngine>
#include <QPainter>
#include <QRawFont>
#include <QStandardItemModel>
#include <QStyleOptionViewItem>
#include <QTest>
#include <QTextLayout>

using namespace pinstage;

namespace {

// A code point no font has: Qt draws it as the primary font's missing-glyph box.
constexpr char32_t kMissing = 0x0378; // unassigned in Greek and Coptic

QString describe(char32_t ucs4)
{
    return QStringLiteral("U+%1 '%2'")
        .arg(static_cast<uint>(ucs4), 4, 16, QLatin1Char('0'))
        .arg(QString::fromUcs4(&ucs4, 1))
        .toUpper();
}

QRawFont rawFontOf(const QString& family)
{
    QFont font;
    font.setFamilies({ family });
    font.setPixelSize(48);
    font.setStyleStrategy(QFont::NoFontMerging);
    return QRawFont::fromFont(font);
}

QImage paintText(const QString& text, const QFont& font)
{
    QImage image(
        QSize(font.pixelSize() * (text.size() + 2), font.pixelSize() * 2), QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    QPainter p(&image);
    p.setRenderHint(QPainter::TextAntialiasing);
    p.setFont(font);
    p.setPen(Qt::black);
    p.drawText(QPointF(font.pixelSize() / 2.0, font.pixelSize() * 1.4), text);
    return image;
}

int colourfulPixels(const QImage& image)
{
    int n = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            if (image.pixelColor(x, y).hsvSaturation() > 120 && image.pixelColor(x, y).value() > 80)
                ++n;
    return n;
}

// A paint device that records the font of every piece of text drawn on it.
class FontRecorder : public QPaintEngine {
public:
    FontRecorder()
        : QPaintEngine(QPaintEngine::AllFeatures)
    {
    }
    bool begin(QPaintDevice*) override { return true; }
    bool end() override { return true; }
    void updateState(const QPaintEngineState&) override { }
    void drawPixmap(const QRectF&, const QPixmap&, const QRectF&) override { }
    void drawPolygon(const QPointF*, int, PolygonDrawMode) override { }
    void drawTextItem(const QPointF&, const QTextItem& item) override { texts.append({ item.text(), item.font() }); }
    Type type() const override { return QPaintEngine::User; }
    QList<std::pair<QString, QFont>> texts;
};

class RecordingDevice : public QPaintDevice {
public:
    QPaintEngine* paintEngine() const override { return &engine; }
    int metric(PaintDeviceMetric metric) const override
    {
        switch (metric) {
        case PdmWidth:
            return 480;
        case PdmHeight:
            return 64;
        case PdmDpiX:
        case PdmDpiY:
        case PdmPhysicalDpiX:
        case PdmPhysicalDpiY:
            return 96;
        case PdmDepth:
            return 32;
        case PdmDevicePixelRatio:
            return 1;
        case PdmDevicePixelRatioScaled:
            return static_cast<int>(QPaintDevice::devicePixelRatioFScale());
        default:
            return 0;
        }
    }
    mutable FontRecorder engine;
};

} // namespace

class tst_CardFonts : public QObject {
    Q_OBJECT
private slots:
    void everyNamedFamilyIsInstalled();
    void titlesDrawWithoutMissingGlyphs_data();
    void titlesDrawWithoutMissingGlyphs();
    void emojiAreDrawnInColour();
    void catalogListUsesTheCardFonts();
};

void tst_CardFonts::everyNamedFamilyIsInstalled()
{
    const QStringList installed = QFontDatabase::families();
    for (const QString& family : CardLayout::fontFamilies()) {
        QVERIFY2(installed.contains(family),
            qPrintable(family + QStringLiteral(" is not installed (see packaging/debian-packages.txt)")));
        QCOMPARE(rawFontOf(family).familyName(), family); // not a substitute fontconfig picked
    }
    QCOMPARE(CardLayout::font(40, QFont::Bold).families(), CardLayout::fontFamilies());
}

void tst_CardFonts::titlesDrawWithoutMissingGlyphs_data()
{
    QTest::addColumn<QString>("title");
    QTest::addColumn<QString>("family"); // the family that must draw the script's letters
    QTest::newRow("latin") << QStringLiteral("Café Mug – 12\" tall, naïve façade") << QStringLiteral("Noto Sans");
    QTest::newRow("cyrillic") << QStringLiteral("Кружка керамическая, ёмкость 350 мл") << QStringLiteral("Noto Sans");
    QTest::newRow("greek") << QStringLiteral("Κεραμική κούπα ψηλή") << QStringLiteral("Noto Sans");
    QTest::newRow("arabic") << QStringLiteral("كوب قهوة خزفي") << QStringLiteral("Noto Sans Arabic");
    QTest::newRow("hebrew") << QStringLiteral("ספל קרמיקה גבוה") << QStringLiteral("Noto Sans Hebrew");
    QTest::newRow("japanese") << QStringLiteral("陶器のマグカップ・ギフト") << QStringLiteral("Noto Sans CJK JP");
    QTest::newRow("chinese") << QStringLiteral("陶瓷马克杯 礼盒装") << QStringLiteral("Noto Sans CJK JP");
    QTest::newRow("korean") << QStringLiteral("도자기 머그컵") << QStringLiteral("Noto Sans CJK JP");
    QTest::newRow("emoji") << QStringLiteral("🔥✨🎁💄👗") << QStringLiteral("Noto Color Emoji");
}

void tst_CardFonts::titlesDrawWithoutMissingGlyphs()
{
    QFETCH(QString, title);
    QFETCH(QString, family);
    const QStringList families = CardLayout::fontFamilies();
    const QFont font = CardLayout::font(48, QFont::Bold);

    // 1. Every code point is in one of the named families, and the script's letters in FAMILY.
    const QList<uint> codePoints = title.toUcs4();
    for (const char32_t ucs4 : codePoints) {
        if (QChar::isSpace(ucs4))
            continue;
        QString coveredBy;
        for (const QString& candidate : families) {
            if (rawFontOf(candidate).supportsCharacter(ucs4)) {
                coveredBy = candidate;
                break;
            }
        }
        QVERIFY2(
            !coveredBy.isEmpty(), qPrintable(describe(ucs4) + QStringLiteral(" is in none of ") + families.join(u',')));
        if (QChar::isLetter(ucs4) || QChar::category(ucs4) == QChar::Symbol_Other)
            QVERIFY2(coveredBy == family, qPrintable(describe(ucs4) + QStringLiteral(" is drawn by ") + coveredBy));
    }

    // 2. What the card actually lays out: only named families, and no glyph 0 (the missing-glyph box).
    QTextLayout layout(title, font);
    layout.beginLayout();
    layout.createLine().setLineWidth(100000);
    layout.endLayout();
    const QList<QGlyphRun> runs = layout.glyphRuns();
    QVERIFY(!runs.isEmpty());
    bool usedFamily = false;
    for (const QGlyphRun& run : runs) {
        const QString runFamily = run.rawFont().familyName();
        QVERIFY2(families.contains(runFamily), qPrintable(runFamily + QStringLiteral(" is not a card font")));
        usedFamily = usedFamily || runFamily == family;
        QVERIFY2(!run.glyphIndexes().contains(0), qPrintable(runFamily + QStringLiteral(" drew a missing-glyph box")));
    }
    QVERIFY2(usedFamily, qPrintable(family + QStringLiteral(" was not used")));
    QStringList usedFamilies;
    for (const QGlyphRun& run : runs)
        if (!usedFamilies.contains(run.rawFont().familyName()))
            usedFamilies.append(run.rawFont().familyName());
    qInfo().noquote() << title << "drawn with" << usedFamilies.join(QLatin1String(", "));

    // 3. Pixels: each character differs from the box drawn for a character no font has.
    const QImage box = paintText(QString::fromUcs4(&kMissing, 1), font);
    for (const char32_t ucs4 : codePoints) {
        if (QChar::isSpace(ucs4))
            continue;
        const QImage drawn = paintText(QString::fromUcs4(&ucs4, 1), font);
        QVERIFY2(drawn != box, qPrintable(describe(ucs4) + QStringLiteral(" is drawn as the missing-glyph box")));
    }

    // 4. The card itself paints the title (and differs from a card whose title is all boxes).
    CardContent card;
    card.title = title;
    card.price = QStringLiteral("$19.00");
    const QSize canvas(720, 1280);
    const QImage painted = CardPainter::paint(card, canvas);
    QString boxes;
    for (qsizetype i = 0; i < title.size(); ++i)
        boxes += title.at(i).isSpace() ? QStringLiteral(" ") : QString::fromUcs4(&kMissing, 1);
    card.title = boxes;
    QVERIFY(painted != CardPainter::paint(card, canvas));
}

void tst_CardFonts::emojiAreDrawnInColour()
{
    const QFont font = CardLayout::font(64, QFont::Normal);
    const QImage fire = paintText(QStringLiteral("🔥"), font);
    const QImage letters = paintText(QStringLiteral("Mug"), font);
    QCOMPARE(colourfulPixels(letters), 0); // black ink on white
    QVERIFY2(colourfulPixels(fire) > 200, qPrintable(QString::number(colourfulPixels(fire))));
    // On the card too: the title's emoji keeps its colours in the painted card.
    CardContent card;
    card.title = QStringLiteral("🔥 Hot deal");
    card.price = QStringLiteral("$19.00");
    CardContent plain = card;
    plain.title = QStringLiteral("Hot deal");
    const QSize canvas(720, 1280);
    QVERIFY(
        colourfulPixels(CardPainter::paint(card, canvas)) > colourfulPixels(CardPainter::paint(plain, canvas)) + 100);
}

// The catalog list draws a title as the card will: with the same named families.
void tst_CardFonts::catalogListUsesTheCardFonts()
{
    QStandardItemModel model;
    auto* item = new QStandardItem;
    item->setData(QStringLiteral("🔥 陶器のマグカップ"), VariantListModel::ProductTitleRole);
    item->setData(QStringLiteral("Кружка / 350 мл"), VariantListModel::VariantTitleRole);
    item->setData(QStringLiteral("MUG-1"), VariantListModel::SkuRole);
    item->setData(QStringLiteral("$19.00"), VariantListModel::PriceTextRole);
    item->setData(QStringLiteral("$24.00"), VariantListModel::CompareAtTextRole);
    item->setData(true, VariantListModel::OnSaleRole);
    item->setData(3, VariantListModel::StockRole);
    item->setData(QStringLiteral("3 in stock"), VariantListModel::StockTextRole);
    model.appendRow(item);

    ThumbnailCache thumbnails(QSize(48, 48));
    VariantDelegate delegate(thumbnails);
    QStyleOptionViewItem option;
    option.rect = QRect(0, 0, 480, 64);
    option.font = QApplication::font();
    RecordingDevice device;
    {
        QPainter painter(&device);
        delegate.paint(&painter, option, model.index(0, 0));
    }
    const auto& texts = device.engine.texts;
    QVERIFY(texts.size() >= 4); // title, variant line, price, compare-at price, stock
    bool sawTitle = false;
    for (const auto& [text, font] : texts) {
        QCOMPARE(font.families(), CardLayout::fontFamilies());
        sawTitle = sawTitle || text.contains(QStringLiteral("陶器"));
    }
    QVERIFY(sawTitle);
}

QTEST_MAIN(tst_CardFonts)
#include "tst_cardfonts.moc"
