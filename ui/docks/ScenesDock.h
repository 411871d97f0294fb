// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QDockWidget>
#include <QString>
#include <QStringList>

class QComboBox;
class QListWidget;
class QListWidgetItem;
class QSpinBox;
class QToolButton;

namespace pinstage {

class SceneCollection;
class ShowController;

/// The "Scenes" dock: the collection's scenes in their order, the program scene marked (bold,
/// a red dot, "On the program"). Selecting a scene (click, arrow keys) puts it on the program
/// through ShowController::switchScene (logged like every switch) with the transition chosen in
/// the dock (Cut, or Fade with its duration), which is saved in the collection
/// (SceneCollection::setDefaultTransition). Add, rename (inline, F2 or double-click), duplicate,
/// remove (after a question) and reorder (drag, or the up / down buttons) go through the
/// SceneCollection; the dock keeps no scene state of its own and follows the collection's
/// changed() and the controller's programSceneChanged().
///
/// Problems (a name taken, the program scene cannot be removed…) go out as notice().
/// Thread contract: main thread; SCENES and SHOW outlive the dock.
class ScenesDock : public QDockWidget {
    Q_OBJECT
public:
    ScenesDock(SceneCollection& scenes, ShowController& show, QWidget* parent = nullptr);

    QListWidget* list() const { return m_list; }
    /// The scene selected in the list (the one the sources dock shows).
    QString selectedScene() const;
    QComboBox* transitionBox() const { return m_transition; }
    /// Fade duration, milliseconds.
    QSpinBox* durationBox() const { return m_duration; }
    QToolButton* addButton() const { return m_add; }
    QToolButton* duplicateButton() const { return m_duplicate; }
    QToolButton* removeButton() const { return m_remove; }
    QToolButton* upButton() const { return m_up; }
    QToolButton* downButton() const { return m_down; }

    /// The list item of scene NAME, or nullptr.
    QListWidgetItem* item(const QString& name) const;
    /// A name not yet taken: BASE, else "BASE 2", "BASE 3"…
    QString freeName(const QString& base) const;

public slots:
    /// Adds "Scene N" after the selected scene and starts editing its name. Returns its name, or "".
    QString addScene();
    /// Duplicates the selected scene ("NAME 2"…) and starts editing the copy's name.
    QString duplicateScene();
    /// Asks (MessageBox) and removes the selected scene. True when it was removed.
    bool removeScene();
    /// Moves the selected scene one place up (-1) or down (+1).
    bool moveScene(int delta);
    /// Puts NAME on the program with the dock's transition (what selecting it does).
    bool switchTo(const QString& name);

signals:
    /// The selected scene changed (also when the program scene changed elsewhere).
    void selectedSceneChanged(const QString& scene);
    void notice(const QString& text);

private:
    void reload();
    /// Reloads after the current event (an edit's signal may come from a row the reload deletes).
    void scheduleReload();
    void markProgram();
    void select(const QString& name);
    void applyTransition();
    void syncOrderFromList();
    void fail(const QString& error);

    SceneCollection& m_scenes;
    ShowController& m_show;
    QListWidget* m_list;
    QComboBox* m_transition;
    QSpinBox* m_duration;
    QToolButton* m_add;
    QToolButton* m_duplicate;
    QToolButton* m_remove;
    QToolButton* m_up;
    QToolButton* m_down;
    bool m_updating = false;
    bool m_orderSyncQueued = false;
    QStringList m_movedOrder; ///< the list's order at the last drag, top row first
    bool m_reloadQueued = false;
};

} // namespace pinstage
