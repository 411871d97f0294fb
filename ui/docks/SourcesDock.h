// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "scene/CollectionDocument.h"

#include <QDockWidget>
#include <QList>
#include <QPointer>
#include <QString>
#include <QStringList>

#include <memory>

class QLabel;
class QListWidget;
class QMenu;
class QToolButton;

namespace pinstage {

class PropertiesDialog;
struct PropertyDialogs;
class SceneCollection;

/// The "Sources" dock: the sources of one scene (the one selected in the scenes dock), top of the
/// picture first, each with a show / hide and a lock toggle. Add (a menu of the source types this
/// libobs has: camera, image, text, media file, colour, screen capture, audio input / output
/// capture, the product card), remove (after a question: from this scene, or from the collection
/// when no other scene holds it), reorder (drag, or up / down), show / hide and lock (saved in the
/// collection file with the item's transform) and Properties (libobs's own properties of the
/// source as widgets, applied live and saved through SceneCollection::setSourceSettings).
/// A new source is added on top and its properties open at once (a camera: device, resolution,
/// frame rate). Everything goes through the SceneCollection; the dock follows its changed().
///
/// Problems go out as notice(). Thread contract: main thread; SCENES outlives the dock.
class SourcesDock : public QDockWidget {
    Q_OBJECT
public:
    /// One entry of the Add menu.
    struct Kind {
        QString typeId; ///< libobs source id
        QString label; ///< menu text
        QString baseName; ///< a new source's name ("Camera", "Camera 2"…)
    };
    /// Every kind the dock offers, whether or not this libobs has it.
    static QList<Kind> allKinds();
    /// The kinds this libobs has (obs_enum_input_types), in menu order.
    static QList<Kind> availableKinds();

    explicit SourcesDock(SceneCollection& scenes, QWidget* parent = nullptr);
    ~SourcesDock() override;

    QString scene() const { return m_scene; }
    QListWidget* list() const { return m_list; }
    /// The scene's sources as listed: top of the picture first.
    QStringList sourceNames() const;
    QString selectedSource() const;
    void selectSource(const QString& source);
    QToolButton* visibilityButton(const QString& source) const;
    QToolButton* lockButton(const QString& source) const;
    QMenu* addMenu() const { return m_addMenu; }
    QToolButton* addButton() const { return m_add; }
    QToolButton* removeButton() const { return m_remove; }
    QToolButton* upButton() const { return m_up; }
    QToolButton* downButton() const { return m_down; }
    QToolButton* propertiesButton() const { return m_properties; }
    /// The properties window opened last (nullptr once closed).
    PropertiesDialog* propertiesDialog() const;
    /// The choosers the properties windows use (tests replace them).
    void setPropertyDialogs(const PropertyDialogs& dialogs);

public slots:
    /// Shows SCENE's sources (empty: none).
    void setScene(const QString& scene);
    /// Adds a source of TYPE_ID on top of the scene (named after its kind, made unique) and opens
    /// its properties. Returns its name, or "" (notice() says why).
    QString addSource(const QString& typeId);
    /// Asks (MessageBox) and removes the selected source from the scene (from the collection when
    /// no other scene holds it). True when removed.
    bool removeSource();
    /// Moves the selected source one place up the picture (+1: over the next) or down (-1).
    bool moveSource(int delta);
    bool setSourceVisible(const QString& source, bool visible);
    bool setSourceLocked(const QString& source, bool locked);
    /// Opens SOURCE's properties (non-modal). nullptr when the source is not running in libobs
    /// (no camera this session, an unknown type): notice() says so.
    PropertiesDialog* openProperties(const QString& source);

signals:
    void notice(const QString& text);
    void selectedSourceChanged(const QString& source);

private:
    void reload();
    /// Reloads after the current event (an edit's signal may come from a row the reload deletes).
    void scheduleReload();
    void syncOrderFromList();
    bool setItemFlag(const QString& source, bool visible, bool value);
    QString freeName(const QString& base) const;

    SceneCollection& m_scenes;
    QString m_scene;
    QLabel* m_title;
    QListWidget* m_list;
    QMenu* m_addMenu;
    QToolButton* m_add;
    QToolButton* m_remove;
    QToolButton* m_up;
    QToolButton* m_down;
    QToolButton* m_properties;
    QPointer<PropertiesDialog> m_dialog;
    std::unique_ptr<PropertyDialogs> m_dialogs;
    bool m_updating = false;
    bool m_orderSyncQueued = false;
    QStringList m_movedOrder; ///< the list's order at the last drag, top row first
    bool m_reloadQueued = false;
};

} // namespace pinstage
