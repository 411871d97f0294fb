// SPDX-License-Identifier: GPL-2.0-or-later
#include "obs/Hotkeys.h"

#include "settings/Settings.h"

#include <obs.h>

#include <QMetaObject>

namespace pinstage {

struct Hotkeys::Entry {
    Hotkeys* owner = nullptr;
    QString name;
    QString description;
    QKeySequence defaultBinding;
    QKeySequence binding;
    std::function<void()> action;
    obs_hotkey_id id = OBS_INVALID_HOTKEY_ID;
    QByteArray obsName; // "pinstage.NAME": libobs copies it
    QByteArray obsDescription;
};

// The libobs callback's way in (Entry and onPressed are private).
struct HotkeysAccess {
    static void pressed(void* entry);
};

namespace {

    // libobs's hotkey thread (or an injecting thread), with libobs's hotkey lock held: never touch
    // Qt objects here, only queue the press to the registry's thread. The entry outlives the
    // registration: obs_hotkey_unregister() takes the same lock, so once it returns no call is
    // running or will start.
    void onObsHotkey(void* data, obs_hotkey_id, obs_hotkey_t*, bool pressed)
    {
        if (!pressed)
            return;
        HotkeysAccess::pressed(data);
    }

    bool validName(const QString& name)
    {
        if (name.isEmpty() || name.size() > 100)
            return false;
        for (const QChar c : name)
            if (!(c.isLetterOrNumber() || c == QLatin1Char('_') || c == QLatin1Char('-') || c == QLatin1Char('.')))
                return false;
        return true;
    }

    std::optional<int> obsKeyOf(Qt::Key key, bool keypad)
    {
        if (keypad) {
            if (key >= Qt::Key_0 && key <= Qt::Key_9)
                return int(OBS_KEY_NUM0) + (key - Qt::Key_0);
            switch (key) {
            case Qt::Key_Asterisk:
                return int(OBS_KEY_NUMASTERISK);
            case Qt::Key_Plus:
                return int(OBS_KEY_NUMPLUS);
            case Qt::Key_Minus:
                return int(OBS_KEY_NUMMINUS);
            case Qt::Key_Period:
                return int(OBS_KEY_NUMPERIOD);
            case Qt::Key_Slash:
                return int(OBS_KEY_NUMSLASH);
            case Qt::Key_Enter:
                return int(OBS_KEY_ENTER);
            default:
                break;
            }
        }
        if (key >= Qt::Key_F1 && key <= Qt::Key_F35)
            return int(OBS_KEY_F1) + (key - Qt::Key_F1);
        if (key >= Qt::Key_A && key <= Qt::Key_Z)
            return int(OBS_KEY_A) + (key - Qt::Key_A);
        if (key >= Qt::Key_0 && key <= Qt::Key_9)
            return int(OBS_KEY_0) + (key - Qt::Key_0);
        switch (key) {
        case Qt::Key_Space:
            return int(OBS_KEY_SPACE);
        case Qt::Key_Return:
            return int(OBS_KEY_RETURN);
        case Qt::Key_Enter:
            return int(OBS_KEY_ENTER);
        case Qt::Key_Escape:
            return int(OBS_KEY_ESCAPE);
        case Qt::Key_Tab:
            return int(OBS_KEY_TAB);
        case Qt::Key_Backspace:
            return int(OBS_KEY_BACKSPACE);
        case Qt::Key_Insert:
            return int(OBS_KEY_INSERT);
        case Qt::Key_Delete:
            return int(OBS_KEY_DELETE);
        case Qt::Key_Home:
            return int(OBS_KEY_HOME);
        case Qt::Key_End:
            return int(OBS_KEY_END);
        case Qt::Key_PageUp:
            return int(OBS_KEY_PAGEUP);
        case Qt::Key_PageDown:
            return int(OBS_KEY_PAGEDOWN);
        case Qt::Key_Left:
            return int(OBS_KEY_LEFT);
        case Qt::Key_Right:
            return int(OBS_KEY_RIGHT);
        case Qt::Key_Up:
            return int(OBS_KEY_UP);
        case Qt::Key_Down:
            return int(OBS_KEY_DOWN);
        case Qt::Key_Pause:
            return int(OBS_KEY_PAUSE);
        case Qt::Key_Print:
            return int(OBS_KEY_PRINT);
        default:
            return std::nullopt;
        }
    }

} // namespace

void HotkeysAccess::pressed(void* data)
{
    auto* entry = static_cast<Hotkeys::Entry*>(data);
    // By value: the entry may be removed before the queued call runs (then nothing happens).
    Hotkeys* owner = entry->owner;
    QMetaObject::invokeMethod(
        owner, [owner, name = entry->name] { owner->onPressed(name); }, Qt::QueuedConnection);
}

Hotkeys::Hotkeys(QObject* parent)
    : QObject(parent)
{
    // Presses count whichever window has the focus: the producer may be in the platform's
    // dashboard or a chat window when the host asks for the next product.
    obs_hotkey_enable_background_press(true);
}

Hotkeys::~Hotkeys()
{
    for (auto& [name, entry] : m_entries)
        obs_hotkey_unregister(entry->id);
}

std::optional<Hotkeys::Combination> Hotkeys::toObs(const QKeySequence& binding)
{
    if (binding.count() != 1)
        return std::nullopt;
    const QKeyCombination combination = binding[0];
    const Qt::KeyboardModifiers modifiers = combination.keyboardModifiers();
    const std::optional<int> key = obsKeyOf(combination.key(), modifiers.testFlag(Qt::KeypadModifier));
    if (!key)
        return std::nullopt;
    Combination result;
    result.key = *key;
    if (modifiers.testFlag(Qt::ShiftModifier))
        result.modifiers |= INTERACT_SHIFT_KEY;
    if (modifiers.testFlag(Qt::ControlModifier))
        result.modifiers |= INTERACT_CONTROL_KEY;
    if (modifiers.testFlag(Qt::AltModifier))
        result.modifiers |= INTERACT_ALT_KEY;
    if (modifiers.testFlag(Qt::MetaModifier))
        result.modifiers |= INTERACT_COMMAND_KEY;
    return result;
}

bool Hotkeys::add(const QString& name, const QString& description, const QKeySequence& defaultBinding,
    std::function<void()> action, QString* error)
{
    const auto fail = [error](const QString& text) {
        if (error)
            *error = text;
        return false;
    };
    if (!validName(name))
        return fail(tr("hotkey \"%1\": a name is letters, digits, _ - . only").arg(name.left(40)));
    if (m_entries.count(name))
        return fail(tr("hotkey \"%1\" is registered already").arg(name));
    auto entry = std::make_unique<Entry>();
    entry->owner = this;
    entry->name = name;
    entry->description = description;
    entry->defaultBinding = defaultBinding;
    entry->action = std::move(action);
    entry->obsName = QByteArrayLiteral("pinstage.") + name.toUtf8();
    entry->obsDescription = description.toUtf8();
    entry->id = obs_hotkey_register_frontend(
        entry->obsName.constData(), entry->obsDescription.constData(), onObsHotkey, entry.get());
    if (entry->id == OBS_INVALID_HOTKEY_ID)
        return fail(tr("hotkey \"%1\": libobs refused to register it (is libobs started?)").arg(name));
    Entry& stored = *entry;
    m_entries.emplace(name, std::move(entry));
    QString bindError;
    if (!apply(stored, defaultBinding, &bindError)) {
        remove(name);
        return fail(bindError);
    }
    return true;
}

void Hotkeys::remove(const QString& name)
{
    const auto it = m_entries.find(name);
    if (it == m_entries.end())
        return;
    obs_hotkey_unregister(it->second->id);
    m_entries.erase(it);
}

QStringList Hotkeys::names() const
{
    QStringList result;
    for (const auto& [name, entry] : m_entries)
        result.append(name);
    return result;
}

QString Hotkeys::description(const QString& name) const
{
    const auto it = m_entries.find(name);
    return it == m_entries.end() ? QString() : it->second->description;
}

QKeySequence Hotkeys::defaultBinding(const QString& name) const
{
    const auto it = m_entries.find(name);
    return it == m_entries.end() ? QKeySequence() : it->second->defaultBinding;
}

QKeySequence Hotkeys::binding(const QString& name) const
{
    const auto it = m_entries.find(name);
    return it == m_entries.end() ? QKeySequence() : it->second->binding;
}

QString Hotkeys::bindingText(const QString& name) const
{
    return binding(name).toString(QKeySequence::NativeText);
}

bool Hotkeys::setBinding(const QString& name, const QKeySequence& binding, QString* error)
{
    const auto it = m_entries.find(name);
    if (it == m_entries.end()) {
        if (error)
            *error = tr("hotkey \"%1\" is not registered").arg(name);
        return false;
    }
    return apply(*it->second, binding, error);
}

bool Hotkeys::apply(Entry& entry, const QKeySequence& binding, QString* error)
{
    const auto fail = [error](const QString& text) {
        if (error)
            *error = text;
        return false;
    };
    const QString text = binding.toString(QKeySequence::PortableText);
    std::optional<Combination> combination;
    if (!binding.isEmpty()) {
        if (binding.count() > 1)
            return fail(tr("hotkey \"%1\": \"%2\" is a sequence of several keys; a hotkey is one key "
                           "combination")
                            .arg(entry.name, text));
        combination = toObs(binding);
        if (!combination)
            return fail(tr("hotkey \"%1\": \"%2\" cannot be a hotkey (use F1-F35, a letter, a digit, the "
                           "keypad or a named key, with Ctrl, Shift, Alt or Meta)")
                            .arg(entry.name, text));
        for (const auto& [otherName, other] : m_entries)
            if (other.get() != &entry && other->binding == binding)
                return fail(tr("hotkey \"%1\": %2 is already the hotkey for %3")
                                .arg(entry.name, binding.toString(QKeySequence::NativeText), other->description));
    }
    if (combination) {
        obs_key_combination_t obsCombination {};
        obsCombination.modifiers = combination->modifiers;
        obsCombination.key = obs_key_t(combination->key);
        obs_hotkey_load_bindings(entry.id, &obsCombination, 1);
    } else {
        obs_hotkey_load_bindings(entry.id, nullptr, 0);
    }
    const bool changed = entry.binding != binding;
    entry.binding = binding;
    if (changed)
        emit bindingChanged(entry.name, binding);
    return true;
}

void Hotkeys::load(const Settings& settings, QStringList* problems)
{
    for (auto& [name, entry] : m_entries) {
        const std::optional<QString> saved = settings.hotkey(name);
        if (!saved)
            continue;
        const QKeySequence binding = QKeySequence::fromString(*saved, QKeySequence::PortableText);
        QString error;
        if ((!saved->isEmpty() && binding.isEmpty()) || !apply(*entry, binding, &error)) {
            if (error.isEmpty())
                error = tr("hotkey \"%1\": \"%2\" is not a key combination").arg(name, saved->left(40));
            if (problems)
                problems->append(tr("%1, [hotkeys] %2: %3; keeping %4")
                                     .arg(settings.filePath(), name, error,
                                         entry->binding.isEmpty() ? tr("no key")
                                                                  : entry->binding.toString(QKeySequence::NativeText)));
        }
    }
}

void Hotkeys::save(Settings& settings) const
{
    for (const auto& [name, entry] : m_entries)
        settings.setHotkey(name, entry->binding.toString(QKeySequence::PortableText));
}

void Hotkeys::onPressed(const QString& name)
{
    const auto it = m_entries.find(name);
    if (it == m_entries.end())
        return;
    if (it->second->action)
        it->second->action();
    emit triggered(name);
}

} // namespace pinstage
