// SPDX-License-Identifier: GPL-2.0-or-later
#include "dialogs/CardThemeDialog.h"
#include "dialogs/DialogFit.h"

#include "catalog/Catalog.h"
#include "overlay/CardPainter.h"
#include "settings/Settings.h"
#include "show/PinController.h"
#include "show/ShowController.h"
#include "show/Studio.h"

#include <QColorDialog>
#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QImageReader>
#include <QLabel>
#include <QLineEdit>
#include <QLinearGradient>
#include <QPainter>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <cmath>

namespace pinstage {
namespace {

    const QString TemplateField = QStringLiteral("template");
    const QString PromoField = QStringLiteral("promo_code");
    const QString ShopUrlField = QStringLiteral("shop_url");
    const QStringList ColourFields
        = { QStringLiteral("background"), QStringLiteral("text"), QStringLiteral("accent"), QStringLiteral("sale") };
    const QString FontField = QStringLiteral("font_family");
    const QString LogoField = QStringLiteral("logo");
    const QString RadiusField = QStringLiteral("corner_radius");
    const QString PositionField = QStringLiteral("position");

    // The dialog's preview: the canvas this tall (pixels), the card painted for it.
    constexpr int PreviewHeight = 560;

    QString label(const QString& field)
    {
        static const QHash<QString, QString> labels {
            { TemplateField, QObject::tr("Template") },
            { QStringLiteral("background"), QObject::tr("Background") },
            { QStringLiteral("text"), QObject::tr("Text") },
            { QStringLiteral("accent"), QObject::tr("Accent") },
            { QStringLiteral("sale"), QObject::tr("Sale price") },
            { FontField, QObject::tr("Font") },
            { LogoField, QObject::tr("Logo") },
            { RadiusField, QObject::tr("Corner radius") },
            { PositionField, QObject::tr("Position") },
            { PromoField, QObject::tr("Promo code") },
            { ShopUrlField, QObject::tr("Shop URL") },
        };
        return labels.value(field, field);
    }

    QString positionLabel(CardTheme::Position position)
    {
        switch (position) {
        case CardTheme::Position::TemplateDefault:
            return QObject::tr("The template's place");
        case CardTheme::Position::TopLeft:
            return QObject::tr("Top left");
        case CardTheme::Position::TopRight:
            return QObject::tr("Top right");
        case CardTheme::Position::BottomLeft:
            return QObject::tr("Bottom left");
        case CardTheme::Position::BottomRight:
            return QObject::tr("Bottom right");
        }
        return {};
    }

    QIcon swatch(const QColor& colour)
    {
        QPixmap pixmap(18, 18);
        pixmap.fill(Qt::transparent);
        QPainter p(&pixmap);
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(QColor(0x80, 0x80, 0x80));
        p.setBrush(colour);
        p.drawRoundedRect(QRectF(0.5, 0.5, 17, 17), 3, 3);
        return QIcon(pixmap);
    }

} // namespace

QStringList CardThemeDialog::fieldNames()
{
    QStringList names { TemplateField };
    names += CardTheme::fieldNames();
    names << PromoField << ShopUrlField;
    return names;
}

CardThemeDialog::CardThemeDialog(Studio& studio, Settings* settings, QWidget* parent)
    : QDialog(parent)
    , m_studio(studio)
    , m_settings(settings)
    , m_originalTemplate(studio.cardTemplate())
    , m_originalTheme(studio.cardTheme())
    , m_originalExtras(studio.cardExtras())
    , m_safeArea(studio.cardSafeArea())
    , m_template(m_originalTemplate)
    , m_theme(m_originalTheme)
    , m_extras(m_originalExtras)
{
    setObjectName(QStringLiteral("cardThemeDialog"));
    setWindowTitle(tr("Card style"));
    DialogFit::install(this); // grows when a warning or a longer line appears
    // The studio theme styles line edits and combo boxes; the radius box looks the same.
    setStyleSheet(QStringLiteral("QSpinBox { background: #0e1014; border: 1px solid #2f3745; border-radius: 6px; "
                                 "padding: 6px 10px; color: #e8eaee; selection-background-color: #2f4a7a; }"
                                 "QSpinBox:focus { border-color: #5b8def; }"));
    build();
    load(m_template, m_theme, m_extras);
    updatePreview();
}

CardThemeDialog::~CardThemeDialog()
{
    // Closed without OK or Cancel (the window went away): the program keeps what it had.
    if (!m_done) {
        m_studio.setCardStyle(m_originalTemplate, m_originalTheme, m_safeArea);
        m_studio.setCardExtras(m_originalExtras);
    }
}

void CardThemeDialog::build()
{
    auto* fields = new QGridLayout;
    fields->setColumnStretch(1, 1);
    fields->setColumnMinimumWidth(2, 220);
    int row = 0;
    const auto addRow = [&](const QString& field, QWidget* editor, QWidget* extra = nullptr) {
        editor->setObjectName(QStringLiteral("edit_") + field);
        auto* caption = new QLabel(label(field));
        caption->setBuddy(editor);
        auto* message = new QLabel;
        message->setObjectName(QStringLiteral("message_") + field);
        message->setWordWrap(true);
        message->setStyleSheet(QStringLiteral("color: #ff5a5f;"));
        message->setMaximumWidth(260);
        fields->addWidget(caption, row, 0);
        if (extra) {
            auto* box = new QHBoxLayout;
            box->setContentsMargins(0, 0, 0, 0);
            box->addWidget(editor, 1);
            box->addWidget(extra);
            fields->addLayout(box, row, 1);
        } else {
            fields->addWidget(editor, row, 1);
        }
        fields->addWidget(message, row, 2);
        ++row;
        m_editors.insert(field, editor);
        m_messages.insert(field, message);
    };

    auto* templates = new QComboBox;
    for (const QString& name : CardTemplate::names())
        templates->addItem(name, name);
    templates->setToolTip(tr("corner: a card beside the host; lower-third: a bar across the bottom; spotlight: a big "
                             "card with a large photo"));
    connect(templates, &QComboBox::currentIndexChanged, this, [this] { onEdited(TemplateField); });
    addRow(TemplateField, templates);

    for (const QString& field : ColourFields) {
        auto* edit = new QLineEdit;
        edit->setPlaceholderText(QStringLiteral("#RRGGBB"));
        edit->setToolTip(tr("#RRGGBB, #AARRGGBB or a colour name such as \"white\""));
        auto* pick = new QPushButton(tr("Pick…"));
        pick->setObjectName(QStringLiteral("pick_") + field);
        m_colourButtons.insert(field, pick);
        connect(edit, &QLineEdit::textEdited, this, [this, field] { onEdited(field); });
        connect(pick, &QPushButton::clicked, this, [this, field] { pickColour(field); });
        addRow(field, edit, pick);
    }

    auto* font = new QComboBox;
    font->setEditable(true);
    font->addItem(QString());
    font->addItems(QFontDatabase::families());
    font->lineEdit()->setPlaceholderText(tr("Default (Noto Sans)"));
    font->setToolTip(tr("Tried first for every character; the card falls back to Noto Sans and its sister fonts "
                        "for what it lacks"));
    connect(font, &QComboBox::currentTextChanged, this, [this] { onEdited(FontField); });
    addRow(FontField, font);

    auto* logo = new QLineEdit;
    logo->setPlaceholderText(tr("None"));
    auto* browse = new QPushButton(tr("Browse…"));
    browse->setObjectName(QStringLiteral("browse_logo"));
    connect(logo, &QLineEdit::textEdited, this, [this] { onEdited(LogoField); });
    connect(browse, &QPushButton::clicked, this, &CardThemeDialog::browseLogo);
    addRow(LogoField, logo, browse);

    auto* radius = new QSpinBox;
    radius->setRange(0, 200);
    radius->setSuffix(tr(" px"));
    radius->setButtonSymbols(QAbstractSpinBox::NoButtons); // typed, or the arrow keys and the wheel
    radius->setToolTip(tr("Pixels on a canvas whose short side is 1080, scaled with the canvas"));
    connect(radius, &QSpinBox::valueChanged, this, [this] { onEdited(RadiusField); });
    addRow(RadiusField, radius);

    auto* position = new QComboBox;
    for (const CardTheme::Position p : { CardTheme::Position::TemplateDefault, CardTheme::Position::TopLeft,
             CardTheme::Position::TopRight, CardTheme::Position::BottomLeft, CardTheme::Position::BottomRight })
        position->addItem(positionLabel(p), CardTheme::positionName(p));
    connect(position, &QComboBox::currentIndexChanged, this, [this] { onEdited(PositionField); });
    addRow(PositionField, position);

    auto* promo = new QLineEdit;
    promo->setPlaceholderText(tr("None (e.g. LIVE10)"));
    promo->setMaxLength(CardExtras::maxPromoCodeLength * 2); // longer text is refused with a message
    connect(promo, &QLineEdit::textEdited, this, [this] { onEdited(PromoField); });
    addRow(PromoField, promo);

    auto* shop = new QLineEdit;
    shop->setPlaceholderText(tr("None (e.g. https://shop.example.com)"));
    shop->setToolTip(tr("Each card shows a QR code of its product page: this address + /products/ + the "
                        "product's handle"));
    connect(shop, &QLineEdit::textEdited, this, [this] { onEdited(ShopUrlField); });
    addRow(ShopUrlField, shop);

    auto* defaults = new QPushButton(tr("Pinstage's look"));
    defaults->setObjectName(QStringLiteral("defaultsButton"));
    defaults->setToolTip(tr("The default theme (white card, pink accent); the template, promo code and shop URL stay"));
    connect(defaults, &QPushButton::clicked, this, [this] {
        load(m_template, CardTheme(), m_extras);
        for (const QString& field : CardTheme::fieldNames())
            setMessage(field, {});
        m_theme = CardTheme();
        apply();
    });

    m_preview = new QLabel;
    m_preview->setObjectName(QStringLiteral("cardPreview"));
    m_preview->setAlignment(Qt::AlignCenter);
    m_preview->setToolTip(tr("The card on the canvas as the stream shows it; the program follows every change"));
    auto* previewCaption = new QLabel(tr("Preview — the card on air changes with it; Cancel puts the old style back."));
    previewCaption->setWordWrap(true);
    previewCaption->setMaximumWidth(340);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    m_buttons->addButton(defaults, QDialogButtonBox::ResetRole);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &CardThemeDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &CardThemeDialog::reject);

    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("statusLabel"));
    m_status->setWordWrap(true);
    m_status->setStyleSheet(QStringLiteral("color: #ff5a5f;"));
    auto* left = new QVBoxLayout;
    left->addLayout(fields);
    left->addStretch(1);
    left->addWidget(m_status);
    auto* right = new QVBoxLayout;
    right->addWidget(m_preview, 1);
    right->addWidget(previewCaption);
    auto* top = new QHBoxLayout;
    top->addLayout(left, 1);
    top->addLayout(right);
    auto* outer = new QVBoxLayout(this);
    outer->addLayout(top, 1);
    outer->addWidget(m_buttons);
}

void CardThemeDialog::load(const CardTemplate& cardTemplate, const CardTheme& theme, const CardExtras& extras)
{
    m_loading = true;
    auto* templates = static_cast<QComboBox*>(m_editors.value(TemplateField));
    templates->setCurrentIndex(templates->findData(cardTemplate.name()));
    for (const QString& field : ColourFields)
        static_cast<QLineEdit*>(m_editors.value(field))->setText(theme.field(field));
    static_cast<QComboBox*>(m_editors.value(FontField))->setCurrentText(theme.fontFamily);
    static_cast<QLineEdit*>(m_editors.value(LogoField))->setText(theme.logoPath);
    static_cast<QSpinBox*>(m_editors.value(RadiusField))->setValue(int(std::lround(theme.cornerRadius)));
    auto* position = static_cast<QComboBox*>(m_editors.value(PositionField));
    position->setCurrentIndex(position->findData(CardTheme::positionName(theme.position)));
    static_cast<QLineEdit*>(m_editors.value(PromoField))->setText(extras.promoCode);
    static_cast<QLineEdit*>(m_editors.value(ShopUrlField))->setText(extras.shopUrl);
    for (const QString& field : ColourFields)
        m_colourButtons.value(field)->setIcon(swatch(QColor::fromString(theme.field(field))));
    m_loading = false;
}

QWidget* CardThemeDialog::editor(const QString& field) const
{
    return m_editors.value(field);
}

QLabel* CardThemeDialog::message(const QString& field) const
{
    return m_messages.value(field);
}

QPushButton* CardThemeDialog::colourButton(const QString& field) const
{
    return m_colourButtons.value(field);
}

void CardThemeDialog::setMessage(const QString& field, const QString& text)
{
    if (QLabel* label = m_messages.value(field))
        label->setText(text);
    bool valid = true;
    for (QLabel* label : std::as_const(m_messages))
        valid = valid && label->text().isEmpty();
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(valid);
}

void CardThemeDialog::onEdited(const QString& field)
{
    if (m_loading)
        return;
    QString why;
    if (field == TemplateField) {
        const QString name = static_cast<QComboBox*>(m_editors.value(field))->currentData().toString();
        if (const auto found = CardTemplate::byName(name))
            m_template = *found;
    } else if (field == PromoField) {
        const auto code = CardExtras::checkPromoCode(static_cast<QLineEdit*>(m_editors.value(field))->text(), &why);
        if (code)
            m_extras.promoCode = *code;
    } else if (field == ShopUrlField) {
        const auto url = CardExtras::checkShopUrl(static_cast<QLineEdit*>(m_editors.value(field))->text(), &why);
        if (url)
            m_extras.shopUrl = *url;
    } else {
        QString text;
        if (field == FontField)
            text = static_cast<QComboBox*>(m_editors.value(field))->currentText().trimmed();
        else if (field == RadiusField)
            text = QString::number(static_cast<QSpinBox*>(m_editors.value(field))->value());
        else if (field == PositionField)
            text = static_cast<QComboBox*>(m_editors.value(field))->currentData().toString();
        else
            text = static_cast<QLineEdit*>(m_editors.value(field))->text().trimmed();
        if (field == FontField && !text.isEmpty() && !QFontDatabase::families().contains(text, Qt::CaseInsensitive))
            why = tr("“%1” is not installed on this computer; pick one from the list or leave it empty").arg(text);
        else if (field == LogoField && !text.isEmpty()) {
            const QFileInfo info(text);
            if (!info.isFile())
                why = tr("No file at %1").arg(QDir::toNativeSeparators(text));
            else if (QImageReader reader(text); !reader.canRead())
                why = tr("%1 is not an image Pinstage can read (PNG, JPEG, WebP, SVG…)").arg(info.fileName());
        }
        if (why.isEmpty()) {
            CardTheme edited = m_theme;
            if (edited.setField(field, text, &why)) {
                m_theme = edited;
                why.clear();
                if (m_colourButtons.contains(field))
                    m_colourButtons.value(field)->setIcon(swatch(QColor::fromString(m_theme.field(field))));
            } else {
                why = why.mid(why.indexOf(QLatin1Char(':')) + 2); // the field is named by the row
            }
        }
    }
    setMessage(field, why);
    if (why.isEmpty())
        apply();
}

void CardThemeDialog::apply()
{
    m_studio.setCardStyle(m_template, m_theme, m_safeArea);
    m_studio.setCardExtras(m_extras);
    updatePreview();
}

void CardThemeDialog::updatePreview()
{
    // The card up on the program, else the catalog's first product: a real card to judge the look by.
    std::optional<VariantRow> variant = m_studio.show().card();
    if (!variant) {
        const QList<VariantRow> first = m_studio.catalog().variants(0, 1);
        if (!first.isEmpty())
            variant = first.first();
    }
    const QSize canvas = m_studio.options().video.canvas;
    const double scale = double(PreviewHeight) / std::max(canvas.width(), canvas.height());
    const QSize small(std::max(16, int(std::lround(canvas.width() * scale))),
        std::max(16, int(std::lround(canvas.height() * scale))));
    const QRect safe = m_safeArea.isEmpty()
        ? QRect()
        : QRect(int(std::lround(m_safeArea.x() * scale)), int(std::lround(m_safeArea.y() * scale)),
            int(std::lround(m_safeArea.width() * scale)), int(std::lround(m_safeArea.height() * scale)));
    // A stand-in for the camera: a soft backdrop, so the card reads as it does over a picture.
    QImage picture(small, QImage::Format_RGB32);
    QPainter p(&picture);
    QLinearGradient backdrop(0, 0, 0, small.height());
    backdrop.setColorAt(0, QColor(0x6B, 0x72, 0x80));
    backdrop.setColorAt(0.6, QColor(0x4A, 0x4F, 0x5C));
    backdrop.setColorAt(1, QColor(0x2A, 0x2D, 0x34));
    p.fillRect(picture.rect(), backdrop);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(Qt::NoPen);
    p.setBrush(QColor(0x8A, 0x90, 0x9C));
    const QPointF host(small.width() / 2.0, small.height() * 0.3);
    p.drawEllipse(host, small.width() * 0.11, small.width() * 0.13);
    p.drawRoundedRect(
        QRectF(host.x() - small.width() * 0.25, host.y() + small.width() * 0.16, small.width() * 0.5, small.height()),
        small.width() * 0.12, small.width() * 0.12);
    if (!safe.isEmpty()) {
        p.setPen(QPen(QColor(255, 199, 0, 150), 1, Qt::DashLine));
        p.drawRect(safe.adjusted(0, 0, -1, -1));
    }
    if (variant) {
        CardContent content = PinController::cardFor(*variant, QDateTime::currentDateTimeUtc());
        m_extras.applyTo(content, variant->handle);
        const CardTemplateLayout layout = m_template.layout(small, safe, m_theme);
        p.drawImage(layout.cardRect.topLeft(), CardPainter::paint(content, small, m_template, m_theme, safe));
    } else {
        p.setPen(Qt::white);
        p.drawText(picture.rect(), Qt::AlignCenter | Qt::TextWordWrap, tr("The catalog is empty: import products"));
    }
    p.end();
    m_preview->setPixmap(QPixmap::fromImage(picture));
}

void CardThemeDialog::pickColour(const QString& field)
{
    auto* picker = new QColorDialog(QColor::fromString(m_theme.field(field)), this);
    picker->setObjectName(QStringLiteral("colourDialog_") + field);
    picker->setWindowTitle(tr("Card colour: %1").arg(label(field)));
    picker->setOption(QColorDialog::ShowAlphaChannel, field == QLatin1String("background"));
    picker->setAttribute(Qt::WA_DeleteOnClose);
    // Live too: the program follows the colour as it is picked; Cancel in the picker goes back.
    const QString before = static_cast<QLineEdit*>(m_editors.value(field))->text();
    const auto set = [this, field](const QColor& colour) {
        auto* edit = static_cast<QLineEdit*>(m_editors.value(field));
        edit->setText(colour.alpha() == 255 ? colour.name(QColor::HexRgb) : colour.name(QColor::HexArgb));
        onEdited(field);
    };
    connect(picker, &QColorDialog::currentColorChanged, this, set);
    connect(picker, &QColorDialog::colorSelected, this, set);
    connect(picker, &QDialog::rejected, this, [this, field, before] {
        static_cast<QLineEdit*>(m_editors.value(field))->setText(before);
        onEdited(field);
    });
    picker->open();
}

void CardThemeDialog::browseLogo()
{
    auto* edit = static_cast<QLineEdit*>(m_editors.value(LogoField));
    const QString file = QFileDialog::getOpenFileName(this, tr("Logo for the card"),
        edit->text().isEmpty() ? QString() : QFileInfo(edit->text()).absolutePath(),
        tr("Images (*.png *.jpg *.jpeg *.webp *.svg)"));
    if (file.isEmpty())
        return;
    edit->setText(file);
    onEdited(LogoField);
}

void CardThemeDialog::accept()
{
    if (m_settings) {
        m_settings->setCardTemplateName(m_template.name());
        m_settings->setCardTheme(m_theme);
        m_settings->setCardExtras(m_extras);
        if (!m_settings->save(&m_saveError)) {
            // Kept open: the seller sees why (a read-only or refused settings file) and may cancel.
            m_status->setText(m_saveError);
            return;
        }
    }
    m_saveError.clear();
    m_done = true;
    QDialog::accept();
}

void CardThemeDialog::reject()
{
    m_studio.setCardStyle(m_originalTemplate, m_originalTheme, m_safeArea);
    m_studio.setCardExtras(m_originalExtras);
    m_done = true;
    QDialog::reject();
}

} // namespace pinstage
