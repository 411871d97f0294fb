// SPDX-License-Identifier: GPL-2.0-or-later
#include "properties/PropertiesView.h"

#include <QCheckBox>
#include <QColorDialog>
#include <QComboBox>
#include <QDesktopServices>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFontDatabase>
#include <QFontDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPainter>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSlider>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QTimer>
#include <QToolButton>
#include <QUrl>

#include <cmath>

namespace pinstage {
namespace {

    // The dark studio look for the fields (the lead may move these rules into studio.qss).
    const char* const kViewStyle = R"(
QScrollArea#propertiesView, QWidget#propertiesContent { background: #12151b; }
QLabel { color: #c3c9d4; }
QCheckBox { color: #e8eaee; spacing: 8px; }
QLineEdit, QPlainTextEdit, QSpinBox, QDoubleSpinBox, QComboBox, QListWidget { background: #0e1014; color: #e8eaee;
    border: 1px solid #2f3745; border-radius: 5px; padding: 4px 6px; selection-background-color: #2f4a7a; }
QLineEdit:focus, QPlainTextEdit:focus, QSpinBox:focus, QDoubleSpinBox:focus, QComboBox:focus { border-color: #5b8def; }
QLineEdit:disabled, QPlainTextEdit:disabled, QSpinBox:disabled, QDoubleSpinBox:disabled, QComboBox:disabled { color: #5c6370; background: #14171d; }
QLabel:disabled, QCheckBox:disabled { color: #5c6370; }
QComboBox QAbstractItemView { background: #1d222b; color: #e8eaee; selection-background-color: #2a3a5c; }
QGroupBox { color: #e8eaee; border: 1px solid #2a313d; border-radius: 6px; margin-top: 12px; padding: 10px 6px 6px 6px; }
QGroupBox::title { subcontrol-origin: margin; left: 10px; padding: 0 4px; }
)";

    QString utf8(const char* text)
    {
        return QString::fromUtf8(text ? text : "");
    }

    // libobs colours are 0xAABBGGRR.
    QColor colorFromObs(long long value)
    {
        const auto v = quint32(value);
        return QColor(int(v & 0xff), int((v >> 8) & 0xff), int((v >> 16) & 0xff), int((v >> 24) & 0xff));
    }

    long long colorToObs(const QColor& c)
    {
        return qint64(
            (quint32(c.alpha()) << 24) | (quint32(c.blue()) << 16) | (quint32(c.green()) << 8) | quint32(c.red()));
    }

    QIcon swatch(const QColor& color)
    {
        QPixmap pixmap(28, 16);
        pixmap.fill(Qt::transparent);
        QPainter p(&pixmap);
        // A checkerboard under a translucent colour, so alpha can be seen.
        for (int y = 0; y < 16; y += 4)
            for (int x = 0; x < 28; x += 4)
                p.fillRect(x, y, 4, 4, ((x + y) / 4) % 2 ? QColor(0x99, 0x99, 0x99) : QColor(0xdd, 0xdd, 0xdd));
        p.fillRect(pixmap.rect(), color);
        p.setPen(QColor(0, 0, 0, 160));
        p.drawRect(pixmap.rect().adjusted(0, 0, -1, -1));
        return QIcon(pixmap);
    }

    QString colorText(const QColor& c, bool alpha)
    {
        return alpha ? c.name(QColor::HexArgb).toUpper() : c.name(QColor::HexRgb).toUpper();
    }

    QString fontText(obs_data_t* font)
    {
        if (!font)
            return QObject::tr("(no font)");
        return QStringLiteral("%1 %2, %3 pt")
            .arg(utf8(obs_data_get_string(font, "face")), utf8(obs_data_get_string(font, "style")))
            .arg(obs_data_get_int(font, "size"))
            .simplified();
    }

    QFont qfontFrom(obs_data_t* font)
    {
        QFont f;
        if (!font)
            return f;
        f.setFamily(utf8(obs_data_get_string(font, "face")));
        f.setStyleName(utf8(obs_data_get_string(font, "style")));
        const int size = int(obs_data_get_int(font, "size"));
        if (size > 0)
            f.setPointSize(size);
        const auto flags = uint32_t(obs_data_get_int(font, "flags"));
        f.setBold(flags & OBS_FONT_BOLD);
        f.setItalic(flags & OBS_FONT_ITALIC);
        f.setUnderline(flags & OBS_FONT_UNDERLINE);
        f.setStrikeOut(flags & OBS_FONT_STRIKEOUT);
        return f;
    }

    int decimalsFor(double step)
    {
        if (step <= 0)
            return 2;
        return std::clamp(int(std::ceil(-std::log10(step) - 1e-9)), 0, 6);
    }

    QString fpsText(media_frames_per_second fps)
    {
        if (fps.denominator == 0)
            return {};
        const double value = double(fps.numerator) / fps.denominator;
        return fps.denominator == 1 ? QString::number(fps.numerator) : QString::number(value, 'f', 2);
    }

} // namespace

PropertyDialogs PropertyDialogs::standard()
{
    PropertyDialogs d;
    d.path = [](QWidget* parent, const QString& title, const QString& start, const QString& filter, int type) {
        switch (type) {
        case OBS_PATH_DIRECTORY:
            return QFileDialog::getExistingDirectory(parent, title, start);
        case OBS_PATH_FILE_SAVE:
            return QFileDialog::getSaveFileName(parent, title, start, filter);
        default:
            return QFileDialog::getOpenFileName(parent, title, start, filter);
        }
    };
    d.color = [](QWidget* parent, const QColor& initial, bool alpha) -> std::optional<QColor> {
        const QColor c = QColorDialog::getColor(
            initial, parent, QString(), alpha ? QColorDialog::ShowAlphaChannel : QColorDialog::ColorDialogOptions());
        return c.isValid() ? std::optional<QColor>(c) : std::nullopt;
    };
    d.font = [](QWidget* parent, const QFont& initial) -> std::optional<QFont> {
        bool ok = false;
        const QFont f = QFontDialog::getFont(&ok, initial, parent);
        return ok ? std::optional<QFont>(f) : std::nullopt;
    };
    return d;
}

PropertiesView::PropertiesView(obs_source_t* source, QWidget* parent)
    : QScrollArea(parent)
    , m_source(source)
    , m_dialogs(PropertyDialogs::standard())
    , m_props(nullptr, &obs_properties_destroy)
{
    setObjectName(QStringLiteral("propertiesView"));
    setWidgetResizable(true);
    setFrameShape(QFrame::NoFrame);
    setStyleSheet(QString::fromLatin1(kViewStyle));
    OBSDataAutoRelease settings = obs_source_get_settings(source);
    m_settings = settings.Get();
    m_apply = [this](obs_data_t* s) { obs_source_update(m_source, s); };
    build();
}

PropertiesView::~PropertiesView()
{
    // Widgets first (their callbacks point into the properties), then the properties.
    delete takeWidget();
    m_props.reset();
}

QWidget* PropertiesView::widget(const QString& name) const
{
    return m_widgets.value(name);
}
QLabel* PropertiesView::label(const QString& name) const
{
    return m_labels.value(name);
}
QWidget* PropertiesView::part(const QString& name, const QString& role) const
{
    return m_parts.value(name + QLatin1Char('/') + role);
}

void PropertiesView::refresh()
{
    m_refreshPending = false;
    build();
}

void PropertiesView::scheduleRefresh()
{
    if (m_refreshPending)
        return;
    m_refreshPending = true;
    // Not now: the edit that asked for it is still on the stack, inside a widget about to go.
    QTimer::singleShot(0, this, [this] {
        if (m_refreshPending)
            refresh();
    });
}

void PropertiesView::build()
{
    const int scroll = verticalScrollBar()->value();
    if (QWidget* old = takeWidget()) {
        old->hide();
        old->deleteLater();
    }
    m_names.clear();
    m_widgets.clear();
    m_labels.clear();
    m_parts.clear();
    ++m_builds; // widgets of an earlier build ignore their own signals from now on

    // Fresh properties; the modified callbacks run once for the current settings (that is how a
    // source hides the fields its current mode does not use).
    std::unique_ptr<obs_properties_t, void (*)(obs_properties_t*)> props(
        obs_source_properties(m_source), &obs_properties_destroy);
    if (props)
        obs_properties_apply_settings(props.get(), m_settings);

    auto* content = new QWidget;
    content->setObjectName(QStringLiteral("propertiesContent"));
    auto* form = new QFormLayout(content);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setLabelAlignment(Qt::AlignRight | Qt::AlignVCenter);
    form->setRowWrapPolicy(QFormLayout::DontWrapRows);
    if (props)
        addProperties(props.get(), form);
    if (m_names.isEmpty()) {
        auto* none = new QLabel(tr("This source has no properties."));
        none->setObjectName(QStringLiteral("noProperties"));
        form->addRow(none);
    }
    m_props = std::move(props); // the old properties go now: no live widget points into them
    m_content = content;
    setWidget(content);
    verticalScrollBar()->setValue(scroll);
    emit rebuilt();
}

void PropertiesView::addProperties(obs_properties_t* props, QFormLayout* layout)
{
    for (obs_property_t* p = obs_properties_first(props); p; obs_property_next(&p))
        addProperty(p, layout);
}

void PropertiesView::addProperty(obs_property_t* p, QFormLayout* layout)
{
    const QString name = utf8(obs_property_name(p));
    const QString description = utf8(obs_property_description(p));
    QWidget* field = nullptr;
    QWidget* partA = nullptr;
    QWidget* partB = nullptr;
    QWidget* editor = nullptr; // what widget(name) returns, when not FIELD itself
    bool ownLabel = false;
    QString roleA;
    QString roleB;

    switch (obs_property_get_type(p)) {
    case OBS_PROPERTY_BOOL:
        field = makeBool(p);
        ownLabel = true;
        break;
    case OBS_PROPERTY_INT:
    case OBS_PROPERTY_FLOAT:
        field = makeNumber(p, obs_property_get_type(p) == OBS_PROPERTY_INT, &partA);
        roleA = QStringLiteral("slider");
        break;
    case OBS_PROPERTY_TEXT:
        field = makeText(p, &partA);
        roleA = QStringLiteral("show");
        if (obs_property_text_type(p) == OBS_TEXT_INFO && description.isEmpty())
            ownLabel = true;
        break;
    case OBS_PROPERTY_PATH:
        field = makePath(p, &partA);
        roleA = QStringLiteral("browse");
        break;
    case OBS_PROPERTY_LIST:
        field = makeList(p);
        break;
    case OBS_PROPERTY_COLOR:
        field = makeColor(p, false);
        break;
    case OBS_PROPERTY_COLOR_ALPHA:
        field = makeColor(p, true);
        break;
    case OBS_PROPERTY_FONT:
        field = makeFont(p);
        break;
    case OBS_PROPERTY_BUTTON:
        field = makeButton(p);
        ownLabel = true;
        break;
    case OBS_PROPERTY_FRAME_RATE:
        field = makeFrameRate(p);
        break;
    case OBS_PROPERTY_GROUP:
        field = makeGroup(p);
        ownLabel = true;
        break;
    case OBS_PROPERTY_EDITABLE_LIST:
        field = makeEditableList(p, &partA, &partB);
        roleA = QStringLiteral("add");
        roleB = QStringLiteral("remove");
        break;
    case OBS_PROPERTY_INVALID:
        return;
    }
    if (!field)
        return;

    // A composite field (slider + spin box, line edit + button) is wrapped: widget() returns the
    // editor, which carries the property's name.
    editor = field->property("pinstageEditor").value<QWidget*>();
    if (!editor)
        editor = field;
    editor->setObjectName(name);
    m_names.append(name);
    m_widgets.insert(name, editor);
    if (partA)
        m_parts.insert(name + QLatin1Char('/') + roleA, partA);
    if (partB)
        m_parts.insert(name + QLatin1Char('/') + roleB, partB);

    const QString tip = utf8(obs_property_long_description(p));
    if (!tip.isEmpty())
        field->setToolTip(tip);
    QLabel* label = nullptr;
    if (ownLabel) {
        layout->addRow(field);
    } else {
        label = new QLabel(description);
        label->setObjectName(name + QStringLiteral("/label"));
        label->setBuddy(editor);
        if (!tip.isEmpty())
            label->setToolTip(tip);
        layout->addRow(label, field);
        m_labels.insert(name, label);
    }
    const bool visible = obs_property_visible(p);
    const bool enabled = obs_property_enabled(p);
    field->setVisible(visible);
    field->setEnabled(enabled);
    if (label) {
        label->setVisible(visible);
        label->setEnabled(enabled);
    }
}

void PropertiesView::changed(obs_property_t* p)
{
    const QString name = utf8(obs_property_name(p));
    const bool rebuild = obs_property_modified(p, m_settings);
    if (m_apply)
        m_apply(m_settings);
    emit edited(name);
    if (rebuild)
        scheduleRefresh();
}

QWidget* PropertiesView::makeBool(obs_property_t* p)
{
    const QByteArray name = obs_property_name(p);
    auto* box = new QCheckBox(utf8(obs_property_description(p)));
    box->setChecked(obs_data_get_bool(m_settings, name));
    const int build = m_builds;
    connect(box, &QCheckBox::toggled, this, [this, p, name, build](bool on) {
        if (build != m_builds)
            return;
        obs_data_set_bool(m_settings, name, on);
        changed(p);
    });
    return box;
}

QWidget* PropertiesView::makeNumber(obs_property_t* p, bool isInt, QWidget** slider)
{
    const QByteArray name = obs_property_name(p);
    const int build = m_builds;
    QWidget* spin = nullptr;
    QSlider* bar = nullptr;
    const bool isSlider
        = isInt ? obs_property_int_type(p) == OBS_NUMBER_SLIDER : obs_property_float_type(p) == OBS_NUMBER_SLIDER;
    if (isInt) {
        auto* box = new QSpinBox;
        box->setRange(obs_property_int_min(p), obs_property_int_max(p));
        box->setSingleStep(std::max(1, obs_property_int_step(p)));
        box->setSuffix(utf8(obs_property_int_suffix(p)));
        box->setValue(int(obs_data_get_int(m_settings, name)));
        box->setKeyboardTracking(false);
        connect(box, &QSpinBox::valueChanged, this, [this, p, name, build](int v) {
            if (build != m_builds)
                return;
            obs_data_set_int(m_settings, name, v);
            changed(p);
        });
        if (isSlider) {
            bar = new QSlider(Qt::Horizontal);
            bar->setRange(box->minimum(), box->maximum());
            bar->setSingleStep(box->singleStep());
            bar->setValue(box->value());
            connect(bar, &QSlider::valueChanged, box, &QSpinBox::setValue);
            connect(box, &QSpinBox::valueChanged, bar, &QSlider::setValue);
        }
        spin = box;
    } else {
        auto* box = new QDoubleSpinBox;
        const double step = obs_property_float_step(p);
        box->setDecimals(decimalsFor(step));
        box->setRange(obs_property_float_min(p), obs_property_float_max(p));
        box->setSingleStep(step > 0 ? step : 0.01);
        box->setSuffix(utf8(obs_property_float_suffix(p)));
        box->setValue(obs_data_get_double(m_settings, name));
        box->setKeyboardTracking(false);
        connect(box, &QDoubleSpinBox::valueChanged, this, [this, p, name, build](double v) {
            if (build != m_builds)
                return;
            obs_data_set_double(m_settings, name, v);
            changed(p);
        });
        if (isSlider) {
            // The slider counts steps; the spin box holds the value.
            const double s = box->singleStep();
            bar = new QSlider(Qt::Horizontal);
            bar->setRange(int(std::lround(box->minimum() / s)), int(std::lround(box->maximum() / s)));
            bar->setValue(int(std::lround(box->value() / s)));
            connect(bar, &QSlider::valueChanged, box, [box, s](int v) { box->setValue(v * s); });
            connect(box, &QDoubleSpinBox::valueChanged, bar, [bar, s](double v) {
                const QSignalBlocker block(bar);
                bar->setValue(int(std::lround(v / s)));
            });
        }
        spin = box;
    }
    if (!bar)
        return spin;
    *slider = bar;
    auto* row = new QWidget;
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(bar, 1);
    layout->addWidget(spin);
    row->setProperty("pinstageEditor", QVariant::fromValue<QWidget*>(spin));
    return row;
}

QWidget* PropertiesView::makeText(obs_property_t* p, QWidget** show)
{
    const QByteArray name = obs_property_name(p);
    const int build = m_builds;
    const QString value = utf8(obs_data_get_string(m_settings, name));
    switch (obs_property_text_type(p)) {
    case OBS_TEXT_INFO: {
        auto* info = new QLabel(value.isEmpty() ? utf8(obs_property_description(p)) : value);
        info->setWordWrap(obs_property_text_info_word_wrap(p));
        info->setTextInteractionFlags(Qt::TextBrowserInteraction);
        info->setOpenExternalLinks(true);
        const auto kind = obs_property_text_info_type(p);
        info->setProperty("infoType",
            kind == OBS_TEXT_INFO_ERROR
                ? QStringLiteral("error")
                : (kind == OBS_TEXT_INFO_WARNING ? QStringLiteral("warning") : QStringLiteral("normal")));
        if (kind != OBS_TEXT_INFO_NORMAL)
            info->setStyleSheet(
                kind == OBS_TEXT_INFO_ERROR ? QStringLiteral("color: #ff6b6b;") : QStringLiteral("color: #ffc700;"));
        return info;
    }
    case OBS_TEXT_MULTILINE: {
        auto* edit = new QPlainTextEdit(value);
        edit->setTabChangesFocus(true);
        edit->setMinimumHeight(72);
        edit->setMaximumHeight(140);
        if (obs_property_text_monospace(p))
            edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        connect(edit, &QPlainTextEdit::textChanged, this, [this, p, name, build, edit] {
            if (build != m_builds)
                return;
            obs_data_set_string(m_settings, name, edit->toPlainText().toUtf8().constData());
            changed(p);
        });
        return edit;
    }
    case OBS_TEXT_PASSWORD:
    case OBS_TEXT_DEFAULT:
        break;
    }
    auto* edit = new QLineEdit(value);
    if (obs_property_text_monospace(p))
        edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    connect(edit, &QLineEdit::textEdited, this, [this, p, name, build](const QString& text) {
        if (build != m_builds)
            return;
        obs_data_set_string(m_settings, name, text.toUtf8().constData());
        changed(p);
    });
    if (obs_property_text_type(p) != OBS_TEXT_PASSWORD)
        return edit;
    edit->setEchoMode(QLineEdit::Password);
    auto* toggle = new QToolButton;
    toggle->setText(tr("Show"));
    toggle->setCheckable(true);
    toggle->setToolTip(tr("Show or hide what is typed"));
    connect(toggle, &QToolButton::toggled, edit, [edit, toggle](bool shown) {
        edit->setEchoMode(shown ? QLineEdit::Normal : QLineEdit::Password);
        toggle->setText(shown ? tr("Hide") : tr("Show"));
    });
    *show = toggle;
    auto* row = new QWidget;
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(edit, 1);
    layout->addWidget(toggle);
    row->setProperty("pinstageEditor", QVariant::fromValue<QWidget*>(edit));
    return row;
}

QWidget* PropertiesView::makePath(obs_property_t* p, QWidget** browse)
{
    const QByteArray name = obs_property_name(p);
    const int build = m_builds;
    auto* edit = new QLineEdit(utf8(obs_data_get_string(m_settings, name)));
    edit->setClearButtonEnabled(true);
    auto* button = new QPushButton(tr("Browse…"));
    button->setObjectName(QStringLiteral("browseButton"));
    connect(edit, &QLineEdit::editingFinished, this, [this, p, name, build, edit] {
        if (build != m_builds || utf8(obs_data_get_string(m_settings, name)) == edit->text())
            return;
        obs_data_set_string(m_settings, name, edit->text().toUtf8().constData());
        changed(p);
    });
    connect(button, &QPushButton::clicked, this, [this, p, name, build, edit] {
        if (build != m_builds || !m_dialogs.path)
            return;
        QString start = edit->text();
        if (start.isEmpty())
            start = utf8(obs_property_path_default_path(p));
        const QString chosen = m_dialogs.path(this, utf8(obs_property_description(p)), start,
            utf8(obs_property_path_filter(p)), int(obs_property_path_type(p)));
        if (chosen.isEmpty() || build != m_builds)
            return;
        edit->setText(chosen);
        obs_data_set_string(m_settings, name, chosen.toUtf8().constData());
        changed(p);
    });
    *browse = button;
    auto* row = new QWidget;
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(edit, 1);
    layout->addWidget(button);
    row->setProperty("pinstageEditor", QVariant::fromValue<QWidget*>(edit));
    return row;
}

QWidget* PropertiesView::makeList(obs_property_t* p)
{
    const QByteArray name = obs_property_name(p);
    const int build = m_builds;
    const obs_combo_format format = obs_property_list_format(p);
    const bool editable = obs_property_list_type(p) == OBS_COMBO_TYPE_EDITABLE;
    auto* combo = new QComboBox;
    combo->setEditable(editable);
    combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    combo->setMinimumContentsLength(12);
    const size_t count = obs_property_list_item_count(p);
    for (size_t i = 0; i < count; ++i) {
        QVariant data;
        switch (format) {
        case OBS_COMBO_FORMAT_INT:
            data = qlonglong(obs_property_list_item_int(p, i));
            break;
        case OBS_COMBO_FORMAT_FLOAT:
            data = obs_property_list_item_float(p, i);
            break;
        default:
            data = utf8(obs_property_list_item_string(p, i));
            break;
        }
        combo->addItem(utf8(obs_property_list_item_name(p, i)), data);
        if (obs_property_list_item_disabled(p, i)) {
            if (auto* model = qobject_cast<QStandardItemModel*>(combo->model()))
                model->item(int(i))->setEnabled(false);
        }
    }
    QVariant current;
    switch (format) {
    case OBS_COMBO_FORMAT_INT:
        current = qlonglong(obs_data_get_int(m_settings, name));
        break;
    case OBS_COMBO_FORMAT_FLOAT:
        current = obs_data_get_double(m_settings, name);
        break;
    default:
        current = utf8(obs_data_get_string(m_settings, name));
        break;
    }
    int index = combo->findData(current);
    if (editable && index < 0) {
        combo->setEditText(current.toString());
    } else if (index < 0 && !(format == OBS_COMBO_FORMAT_STRING && current.toString().isEmpty())) {
        // The saved value is not offered now (a device that is unplugged): keep it, say so.
        combo->insertItem(0, tr("%1 (not available)").arg(current.toString()), current);
        if (auto* model = qobject_cast<QStandardItemModel*>(combo->model()))
            model->item(0)->setEnabled(false);
        index = 0;
    }
    combo->setCurrentIndex(index);
    if (editable && index < 0)
        combo->setEditText(current.toString()); // a value typed earlier, not in the list

    auto write = [this, p, name, format, build, combo](const QVariant& value) {
        if (build != m_builds || !value.isValid())
            return;
        switch (format) {
        case OBS_COMBO_FORMAT_INT:
            obs_data_set_int(m_settings, name, value.toLongLong());
            break;
        case OBS_COMBO_FORMAT_FLOAT:
            obs_data_set_double(m_settings, name, value.toDouble());
            break;
        default:
            obs_data_set_string(m_settings, name, value.toString().toUtf8().constData());
            break;
        }
        changed(p);
        Q_UNUSED(combo);
    };
    connect(combo, &QComboBox::activated, this, [combo, write](int i) { write(combo->itemData(i)); });
    if (editable) {
        connect(combo->lineEdit(), &QLineEdit::editingFinished, this, [combo, write, format] {
            const QString text = combo->currentText();
            const int found = combo->findText(text);
            if (found >= 0)
                write(combo->itemData(found));
            else if (format == OBS_COMBO_FORMAT_INT)
                write(qlonglong(text.toLongLong()));
            else if (format == OBS_COMBO_FORMAT_FLOAT)
                write(text.toDouble());
            else
                write(text);
        });
    }
    return combo;
}

QWidget* PropertiesView::makeColor(obs_property_t* p, bool alpha)
{
    const QByteArray name = obs_property_name(p);
    const int build = m_builds;
    QColor color = colorFromObs(obs_data_get_int(m_settings, name));
    if (!alpha)
        color.setAlpha(255);
    auto* button = new QPushButton(colorText(color, alpha));
    button->setIcon(swatch(color));
    button->setIconSize(QSize(28, 16));
    button->setProperty("color", color);
    button->setToolTip(tr("Choose a colour"));
    connect(button, &QPushButton::clicked, this, [this, p, name, build, button, alpha] {
        if (build != m_builds || !m_dialogs.color)
            return;
        const std::optional<QColor> chosen = m_dialogs.color(this, button->property("color").value<QColor>(), alpha);
        if (!chosen || build != m_builds)
            return;
        QColor c = *chosen;
        if (!alpha)
            c.setAlpha(255);
        button->setProperty("color", c);
        button->setText(colorText(c, alpha));
        button->setIcon(swatch(c));
        obs_data_set_int(m_settings, name, colorToObs(c));
        changed(p);
    });
    return button;
}

QWidget* PropertiesView::makeFont(obs_property_t* p)
{
    const QByteArray name = obs_property_name(p);
    const int build = m_builds;
    OBSDataAutoRelease font = obs_data_get_obj(m_settings, name);
    auto* button = new QPushButton(fontText(font));
    connect(button, &QPushButton::clicked, this, [this, p, name, build, button] {
        if (build != m_builds || !m_dialogs.font)
            return;
        OBSDataAutoRelease current = obs_data_get_obj(m_settings, name);
        const std::optional<QFont> chosen = m_dialogs.font(this, qfontFrom(current));
        if (!chosen || build != m_builds)
            return;
        OBSDataAutoRelease data = obs_data_create();
        obs_data_set_string(data, "face", chosen->family().toUtf8().constData());
        obs_data_set_string(data, "style", chosen->styleName().toUtf8().constData());
        obs_data_set_int(data, "size", chosen->pointSize() > 0 ? chosen->pointSize() : 12);
        uint32_t flags = 0;
        flags |= chosen->bold() ? OBS_FONT_BOLD : 0;
        flags |= chosen->italic() ? OBS_FONT_ITALIC : 0;
        flags |= chosen->underline() ? OBS_FONT_UNDERLINE : 0;
        flags |= chosen->strikeOut() ? OBS_FONT_STRIKEOUT : 0;
        obs_data_set_int(data, "flags", flags);
        obs_data_set_obj(m_settings, name, data);
        button->setText(fontText(data));
        changed(p);
    });
    return button;
}

QWidget* PropertiesView::makeButton(obs_property_t* p)
{
    const int build = m_builds;
    auto* button = new QPushButton(utf8(obs_property_description(p)));
    connect(button, &QPushButton::clicked, this, [this, p, build] {
        if (build != m_builds)
            return;
        if (obs_property_button_type(p) == OBS_BUTTON_URL) {
            QDesktopServices::openUrl(QUrl(utf8(obs_property_button_url(p))));
            return;
        }
        // The source's own action (e.g. "Refresh devices"); true: its properties changed.
        if (obs_property_button_clicked(p, m_source))
            scheduleRefresh();
        emit edited(utf8(obs_property_name(p)));
    });
    return button;
}

QWidget* PropertiesView::makeFrameRate(obs_property_t* p)
{
    const QByteArray name = obs_property_name(p);
    const int build = m_builds;
    auto* combo = new QComboBox;
    // The source's named options ("Match output"…), then common rates inside its ranges.
    const size_t options = obs_property_frame_rate_options_count(p);
    for (size_t i = 0; i < options; ++i) {
        const QString option = utf8(obs_property_frame_rate_option_name(p, i));
        combo->addItem(utf8(obs_property_frame_rate_option_description(p, i)), QVariantList { option, 0, 0 });
    }
    static const media_frames_per_second common[] = { { 60, 1 }, { 60000, 1001 }, { 50, 1 }, { 30, 1 }, { 30000, 1001 },
        { 25, 1 }, { 24, 1 }, { 24000, 1001 }, { 15, 1 }, { 10, 1 }, { 5, 1 } };
    const size_t ranges = obs_property_frame_rate_fps_ranges_count(p);
    for (const media_frames_per_second& fps : common) {
        const double v = double(fps.numerator) / fps.denominator;
        bool inside = false;
        for (size_t i = 0; i < ranges; ++i) {
            const media_frames_per_second lo = obs_property_frame_rate_fps_range_min(p, i);
            const media_frames_per_second hi = obs_property_frame_rate_fps_range_max(p, i);
            if (lo.denominator && hi.denominator && v >= double(lo.numerator) / lo.denominator - 1e-9
                && v <= double(hi.numerator) / hi.denominator + 1e-9)
                inside = true;
        }
        if (inside)
            combo->addItem(
                tr("%1 fps").arg(fpsText(fps)), QVariantList { QString(), int(fps.numerator), int(fps.denominator) });
    }
    media_frames_per_second fps {};
    const char* option = nullptr;
    if (obs_data_get_frames_per_second(m_settings, name, &fps, &option)) {
        for (int i = 0; i < combo->count(); ++i) {
            const QVariantList d = combo->itemData(i).toList();
            if ((option && d.at(0).toString() == utf8(option))
                || (!option && d.at(1).toUInt() == fps.numerator && d.at(2).toUInt() == fps.denominator)) {
                combo->setCurrentIndex(i);
                break;
            }
        }
        if (!option && combo->currentIndex() < 0 && fps.denominator) {
            combo->addItem(
                tr("%1 fps").arg(fpsText(fps)), QVariantList { QString(), int(fps.numerator), int(fps.denominator) });
            combo->setCurrentIndex(combo->count() - 1);
        }
    }
    connect(combo, &QComboBox::activated, this, [this, p, name, build, combo](int i) {
        if (build != m_builds)
            return;
        const QVariantList d = combo->itemData(i).toList();
        const QString opt = d.at(0).toString();
        const media_frames_per_second value { d.at(1).toUInt(), d.at(2).toUInt() };
        const QByteArray optUtf8 = opt.toUtf8();
        obs_data_set_frames_per_second(m_settings, name, value, opt.isEmpty() ? nullptr : optUtf8.constData());
        changed(p);
    });
    return combo;
}

QWidget* PropertiesView::makeGroup(obs_property_t* p)
{
    const QByteArray name = obs_property_name(p);
    const int build = m_builds;
    auto* box = new QGroupBox(utf8(obs_property_description(p)));
    auto* form = new QFormLayout(box);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setLabelAlignment(Qt::AlignRight | Qt::AlignVCenter);
    if (obs_property_group_type(p) == OBS_GROUP_CHECKABLE) {
        box->setCheckable(true);
        box->setChecked(obs_data_get_bool(m_settings, name));
        connect(box, &QGroupBox::toggled, this, [this, p, name, build](bool on) {
            if (build != m_builds)
                return;
            obs_data_set_bool(m_settings, name, on);
            changed(p);
        });
    }
    if (obs_properties_t* content = obs_property_group_content(p))
        addProperties(content, form);
    return box;
}

QWidget* PropertiesView::makeEditableList(obs_property_t* p, QWidget** add, QWidget** remove)
{
    const QByteArray name = obs_property_name(p);
    const int build = m_builds;
    auto* list = new QListWidget;
    list->setMaximumHeight(120);
    OBSDataArrayAutoRelease array = obs_data_get_array(m_settings, name);
    const size_t count = obs_data_array_count(array);
    for (size_t i = 0; i < count; ++i) {
        OBSDataAutoRelease item = obs_data_array_item(array, i);
        auto* row = new QListWidgetItem(utf8(obs_data_get_string(item, "value")), list);
        row->setFlags(row->flags() | Qt::ItemIsEditable);
    }
    auto store = [this, p, name, build, list] {
        if (build != m_builds)
            return;
        OBSDataArrayAutoRelease out = obs_data_array_create();
        for (int i = 0; i < list->count(); ++i) {
            OBSDataAutoRelease item = obs_data_create();
            obs_data_set_string(item, "value", list->item(i)->text().toUtf8().constData());
            obs_data_set_bool(item, "selected", list->item(i)->isSelected());
            obs_data_set_bool(item, "hidden", false);
            obs_data_array_push_back(out, item);
        }
        obs_data_set_array(m_settings, name, out);
        changed(p);
    };
    connect(list, &QListWidget::itemChanged, this, store);
    auto* plus = new QToolButton;
    plus->setText(QStringLiteral("+"));
    plus->setToolTip(tr("Add an entry"));
    const bool files = obs_property_editable_list_type(p) != OBS_EDITABLE_LIST_TYPE_STRINGS;
    connect(plus, &QToolButton::clicked, this, [this, p, list, files, store, build] {
        if (build != m_builds)
            return;
        QString value;
        if (files && m_dialogs.path)
            value = m_dialogs.path(this, utf8(obs_property_description(p)),
                utf8(obs_property_editable_list_default_path(p)), utf8(obs_property_editable_list_filter(p)),
                OBS_PATH_FILE);
        if (files && value.isEmpty())
            return;
        auto* row = new QListWidgetItem(value, list);
        row->setFlags(row->flags() | Qt::ItemIsEditable);
        if (files)
            store();
        else
            list->editItem(row);
    });
    auto* minus = new QToolButton;
    minus->setText(QStringLiteral("−"));
    minus->setToolTip(tr("Remove the selected entry"));
    connect(minus, &QToolButton::clicked, this, [list, store] {
        const int row = list->currentRow();
        if (row < 0)
            return;
        delete list->takeItem(row);
        store();
    });
    *add = plus;
    *remove = minus;
    auto* field = new QWidget;
    auto* layout = new QHBoxLayout(field);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(list, 1);
    auto* buttons = new QVBoxLayout;
    buttons->addWidget(plus);
    buttons->addWidget(minus);
    buttons->addStretch(1);
    layout->addLayout(buttons);
    field->setProperty("pinstageEditor", QVariant::fromValue<QWidget*>(list));
    return field;
}

} // namespace pinstage
