// SPDX-License-Identifier: GPL-2.0-or-later
#include "docks/SourcesDock.h"

#include "docks/DockStyle.h"
#include "util/FreeName.h"

#include "MessageBox.h"
#include "properties/PropertiesDialog.h"
#include "scene/SceneCollection.h"

#include <QBoxLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QPainter>
#include <QPainterPath>
#include <QTimer>
#include <QToolButton>
#include <algorithm>

#include <obs.h>

namespace pinstage {
namespace {

    constexpr int kNameRole = Qt::UserRole + 1;

    // Small line icons drawn here (no icon theme is needed): an eye, a padlock; "off" struck.
    QIcon lineIcon(bool lock, bool on)
    {
        QPixmap pixmap(18, 18);
        pixmap.fill(Qt::transparent);
        QPainter p(&pixmap);
        p.setRenderHint(QPainter::Antialiasing);
        const QColor ink = on ? QColor(0xe8, 0xea, 0xee) : QColor(0x6b, 0x73, 0x80);
        p.setPen(QPen(ink, 1.6));
        p.setBrush(Qt::NoBrush);
        if (lock) {
            p.drawRoundedRect(QRectF(3.5, 8.5, 11, 7.5), 1.5, 1.5);
            QPainterPath shackle;
            if (on) {
                shackle.moveTo(5.5, 8.5);
                shackle.lineTo(5.5, 6);
                shackle.arcTo(QRectF(5.5, 2, 7, 7), 180, -180);
                shackle.lineTo(12.5, 8.5);
            } else {
                shackle.moveTo(12.5, 8.5);
                shackle.lineTo(12.5, 6);
                shackle.arcTo(QRectF(12.5, 2, 7, 7), 180, -150);
            }
            p.drawPath(shackle);
        } else {
            QPainterPath eye;
            eye.moveTo(1.5, 9);
            eye.quadTo(9, 1.5, 16.5, 9);
            eye.quadTo(9, 16.5, 1.5, 9);
            p.drawPath(eye);
            p.setBrush(ink);
            p.drawEllipse(QPointF(9, 9), 2.2, 2.2);
            if (!on) {
                p.setPen(QPen(QColor(0xff, 0x80, 0x97), 1.8));
                p.drawLine(QPointF(3, 15), QPointF(15, 3));
            }
        }
        return QIcon(pixmap);
    }

    QString latestTypeId(const QString& unversioned)
    {
        const char* id = obs_get_latest_input_type_id(unversioned.toUtf8().constData());
        return id ? QString::fromUtf8(id) : QString();
    }

} // namespace

QList<SourcesDock::Kind> SourcesDock::allKinds()
{
    return {
        { QStringLiteral("v4l2_input"), tr("Camera…"), tr("Camera") },
        { QStringLiteral("image_source"), tr("Image…"), tr("Image") },
        { QStringLiteral("text_ft2_source"), tr("Text…"), tr("Text") },
        { QStringLiteral("ffmpeg_source"), tr("Media file…"), tr("Media") },
        { QStringLiteral("color_source"), tr("Colour…"), tr("Colour") },
        { QStringLiteral("xshm_input"), tr("Screen capture…"), tr("Screen") },
        { QStringLiteral("pulse_input_capture"), tr("Audio input capture…"), tr("Audio input") },
        { QStringLiteral("pulse_output_capture"), tr("Audio output capture…"), tr("Audio output") },
        { QStringLiteral("pinstage_product_card"), tr("Product card"), tr("Product card") },
    };
}

QList<SourcesDock::Kind> SourcesDock::availableKinds()
{
    // The unversioned ids this libobs has, without the disabled and deprecated ones.
    QStringList present;
    const char* id = nullptr;
    const char* unversioned = nullptr;
    for (size_t i = 0; obs_enum_input_types2(i, &id, &unversioned); ++i) {
        const uint32_t caps = obs_get_source_output_flags(id);
        if (!(caps & (OBS_SOURCE_CAP_DISABLED | OBS_SOURCE_DEPRECATED)))
            present.append(QString::fromUtf8(unversioned ? unversioned : id));
    }
    QList<Kind> kinds;
    for (Kind kind : allKinds()) {
        if (!present.contains(kind.typeId))
            continue;
        kind.typeId = latestTypeId(kind.typeId);
        if (!kind.typeId.isEmpty())
            kinds.append(kind);
    }
    return kinds;
}

SourcesDock::SourcesDock(SceneCollection& scenes, QWidget* parent)
    : QDockWidget(tr("Sources"), parent)
    , m_scenes(scenes)
    , m_title(new QLabel)
    , m_list(new QListWidget)
    , m_addMenu(new QMenu(this))
    , m_add(dockButton(QStringLiteral("addSource"), QStringLiteral("+"), tr("Add a source to this scene")))
    , m_remove(dockButton(QStringLiteral("removeSource"), QStringLiteral("−"), tr("Remove the selected source")))
    , m_up(dockButton(QStringLiteral("sourceUp"), QStringLiteral("▲"), tr("Bring the selected source forward")))
    , m_down(dockButton(QStringLiteral("sourceDown"), QStringLiteral("▼"), tr("Send the selected source back")))
    , m_properties(dockButton(QStringLiteral("sourceProperties"), tr("Properties"),
          tr("Every setting of the selected source, applied live (double-click a source)")))
    , m_dialogs(std::make_unique<PropertyDialogs>(PropertyDialogs::standard()))
{
    setObjectName(QStringLiteral("sourcesDock"));
    auto* body = new QWidget;
    body->setObjectName(QStringLiteral("sourcesBody"));
    applyDockStyle(body);
    auto* layout = new QVBoxLayout(body);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->setSpacing(6);
    m_title->setObjectName(QStringLiteral("sourcesScene"));
    layout->addWidget(m_title);

    m_list->setObjectName(QStringLiteral("sourceList"));
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setDragDropMode(QAbstractItemView::InternalMove);
    m_list->setDefaultDropAction(Qt::MoveAction);
    m_list->setToolTip(tr("Top of the list is in front. Drag to reorder; double-click for properties."));
    layout->addWidget(m_list, 1);

    m_addMenu->setObjectName(QStringLiteral("addSourceMenu"));
    for (const Kind& kind : availableKinds()) {
        QAction* action = m_addMenu->addAction(kind.label);
        action->setObjectName(kind.typeId);
        action->setData(kind.typeId);
        connect(action, &QAction::triggered, this, [this, id = kind.typeId] { addSource(id); });
    }
    m_add->setMenu(m_addMenu);
    m_add->setPopupMode(QToolButton::InstantPopup);

    auto* buttons = new QHBoxLayout;
    buttons->setSpacing(4);
    for (QToolButton* b : { m_add, m_remove, m_up, m_down, m_properties })
        buttons->addWidget(b);
    buttons->addStretch(1);
    layout->addLayout(buttons);
    setWidget(body);

    connect(m_remove, &QToolButton::clicked, this, [this] { removeSource(); });
    connect(m_up, &QToolButton::clicked, this, [this] { moveSource(+1); });
    connect(m_down, &QToolButton::clicked, this, [this] { moveSource(-1); });
    connect(m_properties, &QToolButton::clicked, this, [this] {
        if (!selectedSource().isEmpty())
            openProperties(selectedSource());
    });
    connect(m_list, &QListWidget::itemDoubleClicked, this,
        [this](QListWidgetItem* item) { openProperties(item->data(kNameRole).toString()); });
    connect(m_list, &QListWidget::currentItemChanged, this, [this](QListWidgetItem* current) {
        if (!m_updating)
            emit selectedSourceChanged(current ? current->data(kNameRole).toString() : QString());
    });
    // The order is read at the move: a reload due before the sync would put the old order back.
    connect(m_list->model(), &QAbstractItemModel::rowsMoved, this, [this] {
        if (m_updating)
            return;
        m_movedOrder.clear();
        for (int i = 0; i < m_list->count(); ++i)
            m_movedOrder.append(m_list->item(i)->data(kNameRole).toString());
        if (m_orderSyncQueued)
            return;
        m_orderSyncQueued = true;
        QTimer::singleShot(0, this, &SourcesDock::syncOrderFromList);
    });
    connect(&m_scenes, &SceneCollection::changed, this, &SourcesDock::scheduleReload);
    reload();
}

SourcesDock::~SourcesDock()
{
    delete m_dialog; // its view holds a source of the collection
}

PropertiesDialog* SourcesDock::propertiesDialog() const
{
    return m_dialog;
}

void SourcesDock::setPropertyDialogs(const PropertyDialogs& dialogs)
{
    *m_dialogs = dialogs;
    if (m_dialog)
        m_dialog->view()->setDialogs(dialogs);
}

void SourcesDock::setScene(const QString& scene)
{
    if (scene == m_scene)
        return;
    m_scene = scene;
    reload();
}

QStringList SourcesDock::sourceNames() const
{
    QStringList names;
    for (int i = 0; i < m_list->count(); ++i)
        names.append(m_list->item(i)->data(kNameRole).toString());
    return names;
}

QString SourcesDock::selectedSource() const
{
    QListWidgetItem* current = m_list->currentItem();
    return current ? current->data(kNameRole).toString() : QString();
}

void SourcesDock::selectSource(const QString& source)
{
    for (int i = 0; i < m_list->count(); ++i)
        if (m_list->item(i)->data(kNameRole).toString() == source)
            m_list->setCurrentRow(i);
}

QToolButton* SourcesDock::visibilityButton(const QString& source) const
{
    for (int i = 0; i < m_list->count(); ++i)
        if (m_list->item(i)->data(kNameRole).toString() == source)
            if (QWidget* row = m_list->itemWidget(m_list->item(i)))
                return row->findChild<QToolButton*>(QStringLiteral("visibility"));
    return nullptr;
}

QToolButton* SourcesDock::lockButton(const QString& source) const
{
    for (int i = 0; i < m_list->count(); ++i)
        if (m_list->item(i)->data(kNameRole).toString() == source)
            if (QWidget* row = m_list->itemWidget(m_list->item(i)))
                return row->findChild<QToolButton*>(QStringLiteral("lock"));
    return nullptr;
}

void SourcesDock::scheduleReload()
{
    if (m_reloadQueued)
        return;
    m_reloadQueued = true;
    QTimer::singleShot(0, this, [this] {
        if (m_reloadQueued)
            reload();
    });
}

void SourcesDock::reload()
{
    m_reloadQueued = false;
    const QString selected = selectedSource();
    const SceneDocument* doc = m_scenes.document().scene(m_scene);
    if (!doc && !m_scene.isEmpty())
        m_scene.clear(); // removed or renamed: the scenes dock says which one is selected now
    m_title->setText(m_scene.isEmpty() ? tr("No scene selected") : tr("In “%1”, front first").arg(m_scene));
    m_updating = true;
    {
        const QSignalBlocker blockModel(m_list->model());
        m_list->clear();
    }
    m_list->reset();
    if (doc) {
        for (int i = int(doc->items.size()) - 1; i >= 0; --i) {
            const SceneItemDocument& entry = doc->items.at(i);
            const SourceDocument* source = m_scenes.document().source(entry.source);
            auto* item = new QListWidgetItem(m_list);
            item->setData(kNameRole, entry.source);
            item->setData(Qt::AccessibleTextRole, entry.source);
            item->setFlags(item->flags() | Qt::ItemIsDragEnabled);
            const bool running = m_scenes.source(entry.source) != nullptr;

            auto* row = new QWidget;
            row->setObjectName(QStringLiteral("sourceRow"));
            auto* h = new QHBoxLayout(row);
            h->setContentsMargins(6, 2, 4, 2);
            h->setSpacing(4);
            auto* name = new QLabel(entry.source);
            name->setObjectName(QStringLiteral("sourceName"));
            const QString type = source ? source->type : QString();
            const char* display = obs_source_get_display_name(type.toUtf8().constData());
            name->setToolTip(running
                    ? tr("%1 (%2)").arg(entry.source, QString::fromUtf8(display ? display : ""))
                    : tr("%1: not running this session (no device, or libobs lacks “%2”)").arg(entry.source, type));
            name->setEnabled(running);
            auto* eye = new QToolButton;
            eye->setObjectName(QStringLiteral("visibility"));
            eye->setCheckable(true);
            eye->setChecked(entry.transform.visible);
            eye->setIcon(lineIcon(false, entry.transform.visible));
            eye->setAutoRaise(true);
            eye->setToolTip(entry.transform.visible ? tr("Shown: click to hide") : tr("Hidden: click to show"));
            auto* lock = new QToolButton;
            lock->setObjectName(QStringLiteral("lock"));
            lock->setCheckable(true);
            lock->setChecked(entry.transform.locked);
            lock->setIcon(lineIcon(true, entry.transform.locked));
            lock->setAutoRaise(true);
            lock->setToolTip(entry.transform.locked ? tr("Locked in place: click to unlock")
                                                    : tr("Click to lock it in place (the preview will not move it)"));
            h->addWidget(name, 1);
            h->addWidget(eye);
            h->addWidget(lock);
            const QString sourceName = entry.source;
            connect(
                eye, &QToolButton::toggled, this, [this, sourceName](bool on) { setSourceVisible(sourceName, on); });
            connect(
                lock, &QToolButton::toggled, this, [this, sourceName](bool on) { setSourceLocked(sourceName, on); });
            item->setSizeHint(QSize(row->sizeHint().width(), std::max(30, row->sizeHint().height())));
            m_list->setItemWidget(item, row);
        }
    }
    m_updating = false;
    if (!selected.isEmpty())
        selectSource(selected);
    const bool any = m_list->count() > 0;
    m_add->setEnabled(doc != nullptr);
    m_remove->setEnabled(any);
    m_up->setEnabled(any);
    m_down->setEnabled(any);
    m_properties->setEnabled(any);
}

QString SourcesDock::freeName(const QString& base) const
{
    return pinstage::freeName(
        base, [this](const QString& name) { return m_scenes.document().source(name) != nullptr; });
}

QString SourcesDock::addSource(const QString& typeId)
{
    if (m_scene.isEmpty()) {
        emit notice(tr("Select a scene first: a source is added to the selected scene."));
        return {};
    }
    QString base;
    for (const Kind& kind : allKinds())
        if (typeId == kind.typeId || typeId.startsWith(kind.typeId + QStringLiteral("_v")))
            base = kind.baseName;
    if (base.isEmpty())
        base = QString::fromUtf8(obs_source_get_display_name(typeId.toUtf8().constData()));
    if (base.isEmpty())
        base = tr("Source");
    SourceDocument source;
    source.name = freeName(base);
    source.type = typeId;
    QString error;
    if (!m_scenes.addSource(m_scene, source, ItemTransform {}, &error)) {
        emit notice(error);
        return {};
    }
    reload();
    selectSource(source.name);
    if (m_scenes.source(source.name))
        openProperties(source.name);
    return source.name;
}

bool SourcesDock::removeSource()
{
    const QString source = selectedSource();
    if (source.isEmpty())
        return false;
    int holders = 0;
    for (const SceneDocument& scene : m_scenes.document().scenes)
        for (const SceneItemDocument& item : scene.items)
            holders += item.source == source ? 1 : 0;
    const bool everywhere = holders <= 1;
    const auto answer = MessageBox::question(this, tr("Remove “%1”?").arg(source),
        everywhere ? tr("“%1” is only in this scene: it is removed from the collection with its settings.").arg(source)
                   : tr("“%1” is removed from “%2”; the other scenes that show it keep it.").arg(source, m_scene),
        MessageBox::Buttons(QMessageBox::Yes | QMessageBox::Cancel), QMessageBox::Cancel,
        { { QMessageBox::Yes, tr("Remove") }, { QMessageBox::Cancel, tr("Keep") } });
    if (answer != QMessageBox::Yes)
        return false;
    if (m_dialog && m_dialog->view()->source() == m_scenes.source(source))
        delete m_dialog;
    QString error;
    const bool ok = everywhere ? m_scenes.removeSource(source, &error) : m_scenes.removeItem(m_scene, source, &error);
    if (!ok)
        emit notice(error);
    return ok;
}

bool SourcesDock::moveSource(int delta)
{
    const QString source = selectedSource();
    const SceneDocument* doc = m_scenes.document().scene(m_scene);
    if (source.isEmpty() || !doc)
        return false;
    int from = -1;
    for (int i = 0; i < doc->items.size(); ++i)
        if (doc->items.at(i).source == source)
            from = i;
    const int to = from + delta;
    if (from < 0 || to < 0 || to >= doc->items.size())
        return false;
    QString error;
    if (!m_scenes.moveItem(m_scene, source, to, &error)) {
        emit notice(error);
        return false;
    }
    return true;
}

bool SourcesDock::setItemFlag(const QString& source, bool visible, bool value)
{
    const SceneDocument* doc = m_scenes.document().scene(m_scene);
    if (!doc)
        return false;
    for (const SceneItemDocument& item : doc->items) {
        if (item.source != source)
            continue;
        ItemTransform t = item.transform;
        (visible ? t.visible : t.locked) = value;
        if (t == item.transform)
            return true;
        QString error;
        if (!m_scenes.setTransform(m_scene, source, t, &error)) {
            emit notice(error);
            return false;
        }
        return true;
    }
    return false;
}

bool SourcesDock::setSourceVisible(const QString& source, bool visible)
{
    return setItemFlag(source, true, visible);
}

bool SourcesDock::setSourceLocked(const QString& source, bool locked)
{
    return setItemFlag(source, false, locked);
}

PropertiesDialog* SourcesDock::openProperties(const QString& source)
{
    obs_source_t* live = m_scenes.source(source);
    if (!live) {
        emit notice(tr("“%1” is not running this session (no device, or this libobs lacks its type), so its "
                       "properties cannot be shown.")
                        .arg(source));
        return nullptr;
    }
    delete m_dialog;
    auto* dialog = new PropertiesDialog(live, tr("Properties of “%1”").arg(source), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->view()->setDialogs(*m_dialogs);
    // Every edit goes through the collection: applied to libobs and saved in the file.
    OBSWeakSource weak = OBSGetWeakRef(live);
    dialog->view()->setApply([this, weak](obs_data_t* settings) {
        OBSSourceAutoRelease strong = obs_weak_source_get_source(weak);
        if (!strong)
            return;
        const QString name = QString::fromUtf8(obs_source_get_name(strong));
        const QJsonObject json = QJsonDocument::fromJson(QByteArray(obs_data_get_json(settings))).object();
        QString error;
        if (!m_scenes.setSourceSettings(name, json, &error))
            emit notice(error);
    });
    m_dialog = dialog;
    dialog->show();
    return dialog;
}

void SourcesDock::syncOrderFromList()
{
    m_orderSyncQueued = false;
    const SceneDocument* doc = m_scenes.document().scene(m_scene);
    if (!doc)
        return;
    // The list is front first; the collection counts from the bottom.
    QStringList order = std::exchange(m_movedOrder, {});
    std::reverse(order.begin(), order.end());
    QStringList held;
    for (const SceneItemDocument& item : doc->items)
        held.append(item.source);
    QStringList sorted = order;
    sorted.sort();
    held.sort();
    if (sorted != held) {
        reload(); // the scene changed since the drag
        return;
    }
    QString error;
    for (int i = 0; i < order.size(); ++i) {
        doc = m_scenes.document().scene(m_scene);
        if (i < doc->items.size() && doc->items.at(i).source != order.at(i)) {
            if (!m_scenes.moveItem(m_scene, order.at(i), i, &error)) {
                emit notice(error);
                break;
            }
        }
    }
    reload();
}

} // namespace pinstage
