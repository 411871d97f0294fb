// SPDX-License-Identifier: GPL-2.0-or-later
#include "docks/ScenesDock.h"

#include "docks/DockStyle.h"
#include "util/FreeName.h"

#include "MessageBox.h"
#include "scene/SceneCollection.h"
#include "show/ShowController.h"

#include <QBoxLayout>
#include <QComboBox>
#include <QLabel>
#include <QListWidget>
#include <QPainter>
#include <QSpinBox>
#include <QTimer>
#include <QToolButton>

namespace pinstage {
namespace {

    constexpr int kNameRole = Qt::UserRole + 1; // the scene's name in the collection (before an edit)

    QIcon onAirDot()
    {
        QPixmap pixmap(12, 12);
        pixmap.fill(Qt::transparent);
        QPainter p(&pixmap);
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(0xff, 0x3b, 0x5c));
        p.drawEllipse(QRectF(1.5, 1.5, 9, 9));
        return QIcon(pixmap);
    }

    QIcon noDot()
    {
        QPixmap pixmap(12, 12);
        pixmap.fill(Qt::transparent);
        return QIcon(pixmap);
    }

} // namespace

ScenesDock::ScenesDock(SceneCollection& scenes, ShowController& show, QWidget* parent)
    : QDockWidget(tr("Scenes"), parent)
    , m_scenes(scenes)
    , m_show(show)
    , m_list(new QListWidget)
    , m_transition(new QComboBox)
    , m_duration(new QSpinBox)
    , m_add(dockButton(QStringLiteral("addScene"), QStringLiteral("+"), tr("Add a scene")))
    , m_duplicate(dockButton(QStringLiteral("duplicateScene"), tr("Duplicate"),
          tr("Duplicate the selected scene (its sources are shared; their places are its own)")))
    , m_remove(dockButton(QStringLiteral("removeScene"), QStringLiteral("−"), tr("Remove the selected scene (Del)")))
    , m_up(dockButton(QStringLiteral("sceneUp"), QStringLiteral("▲"), tr("Move the selected scene up")))
    , m_down(dockButton(QStringLiteral("sceneDown"), QStringLiteral("▼"), tr("Move the selected scene down")))
{
    setObjectName(QStringLiteral("scenesDock"));
    auto* body = new QWidget;
    body->setObjectName(QStringLiteral("scenesBody"));
    applyDockStyle(body);
    auto* layout = new QVBoxLayout(body);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->setSpacing(6);

    m_list->setObjectName(QStringLiteral("sceneList"));
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setDragDropMode(QAbstractItemView::InternalMove);
    m_list->setDefaultDropAction(Qt::MoveAction);
    m_list->setEditTriggers(QAbstractItemView::EditKeyPressed | QAbstractItemView::DoubleClicked);
    m_list->setToolTip(tr("Click a scene to put it on the program. F2 or double-click renames; drag to reorder."));
    m_list->setIconSize(QSize(12, 12));
    layout->addWidget(m_list, 1);

    auto* buttons = new QHBoxLayout;
    buttons->setSpacing(4);
    for (QToolButton* b : { m_add, m_remove, m_duplicate, m_up, m_down })
        buttons->addWidget(b);
    buttons->addStretch(1);
    layout->addLayout(buttons);

    auto* transition = new QHBoxLayout;
    transition->setSpacing(6);
    auto* label = new QLabel(tr("Transition"));
    label->setObjectName(QStringLiteral("transitionLabel"));
    m_transition->setObjectName(QStringLiteral("transitionBox"));
    m_transition->addItem(tr("Cut"), QStringLiteral("cut"));
    m_transition->addItem(tr("Fade"), QStringLiteral("fade"));
    m_transition->setToolTip(tr("How the program changes to the scene you click"));
    m_duration->setObjectName(QStringLiteral("transitionDuration"));
    m_duration->setRange(50, 10000);
    m_duration->setSingleStep(50);
    m_duration->setSuffix(tr(" ms"));
    m_duration->setKeyboardTracking(false);
    m_duration->setToolTip(tr("How long a fade lasts"));
    label->setBuddy(m_transition);
    transition->addWidget(label);
    transition->addWidget(m_transition, 1);
    transition->addWidget(m_duration);
    layout->addLayout(transition);
    setWidget(body);

    const CollectionDocument& doc = m_scenes.document();
    const bool fade = doc.transition == QLatin1String("fade");
    m_transition->setCurrentIndex(fade ? 1 : 0);
    m_duration->setValue(std::clamp(doc.transitionMs, 50, 10000));
    m_duration->setEnabled(fade);

    connect(m_transition, &QComboBox::activated, this, [this] { applyTransition(); });
    connect(m_duration, &QSpinBox::valueChanged, this, [this] { applyTransition(); });
    connect(m_add, &QToolButton::clicked, this, [this] { addScene(); });
    connect(m_duplicate, &QToolButton::clicked, this, [this] { duplicateScene(); });
    connect(m_remove, &QToolButton::clicked, this, [this] { removeScene(); });
    connect(m_up, &QToolButton::clicked, this, [this] { moveScene(-1); });
    connect(m_down, &QToolButton::clicked, this, [this] { moveScene(+1); });

    connect(m_list, &QListWidget::currentItemChanged, this, [this](QListWidgetItem* current) {
        if (m_updating || !current)
            return;
        const QString name = current->data(kNameRole).toString();
        emit selectedSceneChanged(name);
        if (name != m_scenes.programSceneName())
            switchTo(name);
    });
    connect(m_list, &QListWidget::itemChanged, this, [this](QListWidgetItem* item) {
        if (m_updating)
            return;
        const QString name = item->data(kNameRole).toString();
        const QString newName = item->text().trimmed();
        if (name.isEmpty() || newName == name)
            return;
        QString error;
        if (!m_scenes.renameScene(name, newName, &error)) {
            const QSignalBlocker block(m_list);
            item->setText(name);
            fail(error);
            return;
        }
        {
            const QSignalBlocker block(m_list);
            item->setData(kNameRole, newName);
        }
        emit selectedSceneChanged(newName);
    });
    // A drag inside the list: the list's new order goes to the collection.
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
        QTimer::singleShot(0, this, &ScenesDock::syncOrderFromList);
    });

    connect(&m_scenes, &SceneCollection::changed, this, &ScenesDock::scheduleReload);
    connect(&m_show, &ShowController::programSceneChanged, this, [this](const QString& scene) {
        markProgram();
        select(scene);
        emit selectedSceneChanged(scene);
    });
    connect(&m_scenes, &SceneCollection::programSceneChanged, this, &ScenesDock::markProgram);
    reload();
    select(m_scenes.programSceneName());
}

QString ScenesDock::selectedScene() const
{
    QListWidgetItem* current = m_list->currentItem();
    return current ? current->data(kNameRole).toString() : QString();
}

QListWidgetItem* ScenesDock::item(const QString& name) const
{
    for (int i = 0; i < m_list->count(); ++i)
        if (m_list->item(i)->data(kNameRole).toString() == name)
            return m_list->item(i);
    return nullptr;
}

QString ScenesDock::freeName(const QString& base) const
{
    const QStringList names = m_scenes.sceneNames();
    return pinstage::freeName(base, [&names](const QString& name) { return names.contains(name); });
}

void ScenesDock::scheduleReload()
{
    if (m_reloadQueued)
        return;
    m_reloadQueued = true;
    QTimer::singleShot(0, this, [this] {
        if (m_reloadQueued)
            reload();
    });
}

void ScenesDock::reload()
{
    m_reloadQueued = false;
    const QString selected = selectedScene();
    {
        const QSignalBlocker blockModel(m_list->model());
        m_updating = true;
        m_list->clear();
        for (const QString& name : m_scenes.sceneNames()) {
            auto* row = new QListWidgetItem(name, m_list);
            row->setData(kNameRole, name);
            row->setFlags(row->flags() | Qt::ItemIsEditable | Qt::ItemIsDragEnabled);
        }
        m_updating = false;
    }
    m_list->reset(); // the model's signals were blocked: the view lays the rows out again
    markProgram();
    select(item(selected) ? selected : m_scenes.programSceneName());
    m_remove->setEnabled(m_list->count() > 1);
}

void ScenesDock::markProgram()
{
    const QString program = m_scenes.programSceneName();
    m_updating = true;
    for (int i = 0; i < m_list->count(); ++i) {
        QListWidgetItem* row = m_list->item(i);
        const bool onAir = row->data(kNameRole).toString() == program;
        QFont f = row->font();
        f.setBold(onAir);
        row->setFont(f);
        row->setIcon(onAir ? onAirDot() : noDot());
        row->setToolTip(onAir ? tr("On the program") : tr("Click to put it on the program"));
        row->setData(Qt::AccessibleDescriptionRole, onAir ? tr("on the program") : QString());
    }
    m_updating = false;
}

void ScenesDock::select(const QString& name)
{
    QListWidgetItem* row = item(name);
    if (!row || m_list->currentItem() == row)
        return;
    m_updating = true;
    m_list->setCurrentItem(row);
    m_updating = false;
}

void ScenesDock::applyTransition()
{
    const bool fade = m_transition->currentData().toString() == QLatin1String("fade");
    m_duration->setEnabled(fade);
    QString error;
    if (!m_scenes.setDefaultTransition(
            fade ? SceneCollection::Transition::Fade : SceneCollection::Transition::Cut, m_duration->value(), &error))
        fail(error);
}

bool ScenesDock::switchTo(const QString& name)
{
    QString error;
    if (!m_show.switchScene(name, &error)) {
        fail(error);
        select(m_scenes.programSceneName());
        return false;
    }
    return true;
}

QString ScenesDock::addScene()
{
    QString name = freeName(tr("Scene %1").arg(m_scenes.sceneNames().size() + 1));
    QString error;
    if (!m_scenes.addScene(name, &error)) {
        fail(error);
        return {};
    }
    // After the selected scene, where the seller was looking.
    const int at = m_scenes.document().sceneIndex(selectedScene());
    if (at >= 0 && at + 1 < m_scenes.sceneNames().size() - 1)
        m_scenes.moveScene(name, at + 1, &error);
    reload();
    if (QListWidgetItem* row = item(name)) {
        m_list->scrollToItem(row);
        m_list->editItem(row);
    }
    return name;
}

QString ScenesDock::duplicateScene()
{
    const QString source = selectedScene();
    if (source.isEmpty())
        return {};
    QString name = freeName(source);
    QString error;
    if (!m_scenes.duplicateScene(source, name, &error)) {
        fail(error);
        return {};
    }
    reload();
    if (QListWidgetItem* row = item(name)) {
        m_list->scrollToItem(row);
        m_list->editItem(row);
    }
    return name;
}

bool ScenesDock::removeScene()
{
    const QString name = selectedScene();
    const QStringList names = m_scenes.sceneNames();
    if (name.isEmpty() || names.size() < 2)
        return false;
    // Selecting a scene puts it on the program, so the one to remove usually is: the program goes
    // to its neighbour first (the one under it, else the one above), and the question says so.
    const int index = int(names.indexOf(name));
    const bool onProgram = name == m_scenes.programSceneName();
    const QString neighbour = names.value(index + 1 < names.size() ? index + 1 : index - 1);
    QString text = tr("The scene and the places of its sources are removed. Sources used in other scenes stay there.");
    if (onProgram)
        text += QLatin1Char(' ') + tr("It is on the program: the program switches to “%1” first.").arg(neighbour);
    const auto answer = MessageBox::question(this, tr("Remove scene “%1”?").arg(name), text,
        MessageBox::Buttons(QMessageBox::Yes | QMessageBox::Cancel), QMessageBox::Cancel,
        { { QMessageBox::Yes, tr("Remove scene") }, { QMessageBox::Cancel, tr("Keep") } });
    if (answer != QMessageBox::Yes)
        return false;
    if (onProgram && !switchTo(neighbour))
        return false;
    QString error;
    if (!m_scenes.removeScene(name, &error)) {
        fail(error);
        return false;
    }
    return true;
}

bool ScenesDock::moveScene(int delta)
{
    const QString name = selectedScene();
    const int from = m_scenes.document().sceneIndex(name);
    if (from < 0)
        return false;
    const int to = from + delta;
    if (to < 0 || to >= m_scenes.sceneNames().size())
        return false;
    QString error;
    if (!m_scenes.moveScene(name, to, &error)) {
        fail(error);
        return false;
    }
    return true;
}

void ScenesDock::syncOrderFromList()
{
    m_orderSyncQueued = false;
    const QStringList order = std::exchange(m_movedOrder, {});
    QString error;
    for (int i = 0; i < order.size(); ++i) {
        const QStringList now = m_scenes.sceneNames();
        if (i < now.size() && now.at(i) != order.at(i) && now.contains(order.at(i))) {
            if (!m_scenes.moveScene(order.at(i), i, &error)) {
                fail(error);
                break;
            }
        }
    }
    reload();
}

void ScenesDock::fail(const QString& error)
{
    emit notice(error);
}

} // namespace pinstage
