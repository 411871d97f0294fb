// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QKeySequence>
#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <map>
#include <memory>
#include <optional>

namespace pinstage {

class Settings;

/// The studio's hotkeys (Take, Unpin, Start sale, Skip; later one per scene), registered with
/// libobs's hotkey system (obs_hotkey_register_frontend), so they act also while another window
/// has the focus: libobs's hotkey thread polls the X keyboard state (every 25 ms) whatever window
/// is focused, and background presses are switched on by this registry.
///
/// Each hotkey has a stable NAME ("take", "unpin", "start_sale", "skip", later "scene.NAME"),
/// which is also its key in the settings file (`[hotkeys] take=F9`), a human description, a
/// default binding, and an action. A binding is one key combination: a key (F1-F35, A-Z, 0-9,
/// keypad digits and operators, Space, Return, Enter, Escape, Tab, Backspace, Insert, Delete,
/// Home, End, Page Up/Down, the arrows, Pause, Print) with any of Ctrl, Shift, Alt, Meta; an empty
/// sequence unbinds it.
///
/// Because libobs sees the keys, the window must not also bind the same combinations to Qt
/// shortcuts (the action would run twice): widgets show the binding (bindingText()) in their
/// tooltips and leave the keys to this registry.
///
/// Thread contract: create, use and destroy on the main thread, while libobs is started
/// (ObsContext). libobs calls back on its hotkey thread; the registry forwards each press to the
/// main thread (queued), where the action runs and triggered() is emitted. After the destructor
/// (or remove()) returns, no action of that hotkey runs any more.
class Hotkeys : public QObject {
    Q_OBJECT
public:
    explicit Hotkeys(QObject* parent = nullptr);
    ~Hotkeys() override;

    /// The names of the run-of-show hotkeys (the settings keys).
    static QString takeName() { return QStringLiteral("take"); }
    static QString unpinName() { return QStringLiteral("unpin"); }
    static QString startSaleName() { return QStringLiteral("start_sale"); }
    static QString skipName() { return QStringLiteral("skip"); }

    /// Registers hotkey NAME (letters, digits, _ - . only) with DESCRIPTION (shown to the seller),
    /// bound to DEFAULTBINDING, running ACTION on the main thread at each press. Returns false with
    /// *error when NAME is taken or invalid, DEFAULTBINDING cannot be bound, or libobs refused it.
    bool add(const QString& name, const QString& description, const QKeySequence& defaultBinding,
        std::function<void()> action, QString* error = nullptr);
    /// Unregisters NAME (no-op when unknown).
    void remove(const QString& name);

    QStringList names() const;
    QString description(const QString& name) const;
    QKeySequence defaultBinding(const QString& name) const;
    /// The current binding (empty: unbound or unknown).
    QKeySequence binding(const QString& name) const;
    /// The binding as the seller reads it ("F9", "Ctrl+Shift+T"); empty when unbound.
    QString bindingText(const QString& name) const;
    /// Binds NAME to BINDING (an empty sequence unbinds). Refused (false, *error naming the hotkey
    /// and the key) for an unknown NAME, more than one combination, a key libobs has no name for,
    /// or a combination another hotkey of this registry already uses.
    bool setBinding(const QString& name, const QKeySequence& binding, QString* error = nullptr);

    /// Applies the bindings SETTINGS names (`[hotkeys]`); a hotkey the file does not name keeps
    /// its default. A value that cannot be bound keeps the default and is reported in *PROBLEMS
    /// naming the file, the section and the key.
    void load(const Settings& settings, QStringList* problems = nullptr);
    /// Writes every binding into SETTINGS (the caller saves the file).
    void save(Settings& settings) const;

    /// The libobs key combination for BINDING (nullopt: not bindable). For tests and the
    /// settings page: (modifiers as INTERACT_* flags, obs_key_t as int).
    struct Combination {
        quint32 modifiers = 0;
        int key = 0;
    };
    static std::optional<Combination> toObs(const QKeySequence& binding);

signals:
    /// Hotkey NAME was pressed and its action ran (main thread).
    void triggered(const QString& name);
    /// The binding of NAME changed.
    void bindingChanged(const QString& name, const QKeySequence& binding);

private:
    friend struct HotkeysAccess;
    struct Entry;
    void onPressed(const QString& name);
    bool apply(Entry& entry, const QKeySequence& binding, QString* error);

    std::map<QString, std::unique_ptr<Entry>> m_entries;
};

} // namespace pinstage
