// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <obs.hpp>

#include <QColor>
#include <QFont>
#include <QHash>
#include <QPointer>
#include <QScrollArea>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

class QFormLayout;
class QLabel;

namespace pinstage {

/// The choosers a property opens (a file or folder, a colour, a font). Tests replace them so that
/// nothing modal blocks; standard() opens Qt's dialogs (dark-themed by the window's style sheet).
struct PropertyDialogs {
    /// TYPE is an obs_path_type; returns the chosen path or "" when cancelled.
    std::function<QString(QWidget* parent, const QString& title, const QString& start, const QString& filter, int type)>
        path;
    std::function<std::optional<QColor>(QWidget* parent, const QColor& initial, bool alpha)> color;
    std::function<std::optional<QFont>(QWidget* parent, const QFont& initial)> font;

    static PropertyDialogs standard();
};

/// Every property of a libobs source as Qt widgets, built from libobs's own properties API
/// (obs_source_properties), so every option of every source type is there without a hand-written
/// form: bool → check box; int / float → spin box (with a slider for the slider kind, suffix as
/// given); text → line edit (password: masked, with a Show toggle; multi-line: a text box;
/// info: a label); path → line edit and Browse…; list → combo box (editable when the list is);
/// colour → a swatch button (with alpha for colour-alpha); font → a button showing the font;
/// button → a push button; frame rate → a combo of the options and common rates; group → a
/// (checkable) box around its own properties; editable list → a list with Add / Remove.
/// The long description is the tooltip; invisible properties are hidden and disabled ones
/// greyed, as the source says.
///
/// Each edit is written into the source's settings (obs_source_get_settings: the view edits the
/// source's own obs_data), the property's modified callback runs (obs_property_modified), and the
/// settings are applied at once through the apply function (live); when the callback asks for it
/// the view is rebuilt from fresh properties after the current event (a device list that depends
/// on the chosen device, a field that appears for one mode…).
///
/// The editing widget of property NAME has object name NAME (see widget()).
/// Thread contract: main thread, with libobs running for the view's whole life; the source must
/// outlive the view (the view holds a reference).
class PropertiesView : public QScrollArea {
    Q_OBJECT
public:
    /// How edits reach the source. Default: obs_source_update(source, settings). The sources dock
    /// sends them through SceneCollection::setSourceSettings (applied and saved).
    using Apply = std::function<void(obs_data_t* settings)>;

    explicit PropertiesView(obs_source_t* source, QWidget* parent = nullptr);
    ~PropertiesView() override;

    void setApply(Apply apply) { m_apply = std::move(apply); }
    void setDialogs(PropertyDialogs dialogs) { m_dialogs = std::move(dialogs); }

    obs_source_t* source() const { return m_source; }
    /// The source's settings the view edits (with the type's defaults underneath).
    obs_data_t* settings() const { return m_settings; }

    /// The properties shown now, in order (groups' members included), visible or not.
    QStringList propertyNames() const { return m_names; }
    /// The editing widget of property NAME (a QCheckBox, QSpinBox, QDoubleSpinBox, QLineEdit,
    /// QPlainTextEdit, QComboBox, QPushButton, QGroupBox, QListWidget or a QLabel for info text;
    /// path and password fields: the QLineEdit), or nullptr.
    QWidget* widget(const QString& name) const;
    /// The row's label (nullptr for check boxes, buttons and groups, which carry their own text).
    QLabel* label(const QString& name) const;
    /// The Browse… button of a path property, the Show toggle of a password, the slider of a
    /// slider number, the Add / Remove buttons of an editable list (ROLE: "browse", "show",
    /// "slider", "add", "remove"), or nullptr.
    QWidget* part(const QString& name, const QString& role) const;
    /// How many times the view was (re)built from the source's properties.
    int buildCount() const { return m_builds; }

public slots:
    /// Rebuilds the widgets from fresh properties (keeps the scroll position).
    void refresh();

signals:
    /// An edit of property NAME was written and applied.
    void edited(const QString& name);
    /// The widgets were rebuilt (after refresh()).
    void rebuilt();

private:
    struct Row;
    void build();
    void addProperties(obs_properties_t* props, QFormLayout* layout);
    void addProperty(obs_property_t* p, QFormLayout* layout);
    QWidget* makeBool(obs_property_t* p);
    QWidget* makeNumber(obs_property_t* p, bool isInt, QWidget** slider);
    QWidget* makeText(obs_property_t* p, QWidget** show);
    QWidget* makePath(obs_property_t* p, QWidget** browse);
    QWidget* makeList(obs_property_t* p);
    QWidget* makeColor(obs_property_t* p, bool alpha);
    QWidget* makeFont(obs_property_t* p);
    QWidget* makeButton(obs_property_t* p);
    QWidget* makeFrameRate(obs_property_t* p);
    QWidget* makeGroup(obs_property_t* p);
    QWidget* makeEditableList(obs_property_t* p, QWidget** add, QWidget** remove);
    /// After an edit of P was written into the settings: modified callback, apply, maybe rebuild.
    void changed(obs_property_t* p);
    void scheduleRefresh();

    OBSSource m_source;
    OBSData m_settings;
    Apply m_apply;
    PropertyDialogs m_dialogs;
    std::unique_ptr<obs_properties_t, void (*)(obs_properties_t*)> m_props;
    QPointer<QWidget> m_content;
    QStringList m_names;
    QHash<QString, QWidget*> m_widgets;
    QHash<QString, QLabel*> m_labels;
    QHash<QString, QWidget*> m_parts;
    int m_builds = 0;
    bool m_refreshPending = false;
};

} // namespace pinstage
