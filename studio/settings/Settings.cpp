// SPDX-License-Identifier: GPL-2.0-or-later
#include "settings/Settings.h"

#include "output/IngestUrl.h"
#include "overlay/CardTemplate.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QObject>
#include <QSaveFile>
#include <QStandardPaths>
#include <QUrl>

namespace pinstage {
namespace {

    const QString General = QStringLiteral("general");
    const QString DestinationPrefix = QStringLiteral("destination/");
    const QString VersionKey = QStringLiteral("version");
    const QString SelectedKey = QStringLiteral("selected_destination");
    const QString ImportFolderKey = QStringLiteral("last_import_folder");
    const QString RecordingFolderKey = QStringLiteral("recording_folder");
    const QString CardSection = QStringLiteral("card");
    const QString CardTemplateKey = QStringLiteral("template");
    const QString PromoCodeKey = QStringLiteral("promo_code");
    const QString ShopUrlKey = QStringLiteral("shop_url");
    const QString LocaleKey = QStringLiteral("locale");
    const QString View = QStringLiteral("view");
    const QString SafeAreaGuideKey = QStringLiteral("safe_area_guide");
    const QString StreamSection = QStringLiteral("stream");
    const QString UploadKbpsKey = QStringLiteral("upload_kbps");
    const QString RunOfShowSection = QStringLiteral("run_of_show");
    const QString CatalogEnterKey = QStringLiteral("catalog_enter");
    const QString HotkeysSection = QStringLiteral("hotkeys");
    const QString HostMonitorSection = QStringLiteral("host_monitor");
    const QString GeometryKey = QStringLiteral("geometry");
    const QString ScreenKey = QStringLiteral("screen");
    const QString OpenKey = QStringLiteral("open");
    const QString NameKey = QStringLiteral("name");
    const QString UrlKey = QStringLiteral("url");
    const QString PresetKey = QStringLiteral("preset");
    const QString DestinationCanvasKey = QStringLiteral("canvas"); // issue 11: vertical | horizontal
    const QString CustomPreset = QStringLiteral("custom");
    const QString VideoSection = QStringLiteral("video");
    const QString CanvasKey = QStringLiteral("canvas");
    const QString HorizontalCanvasKey = QStringLiteral("horizontal_canvas");
    const QString FpsKey = QStringLiteral("fps");
    const QString EncoderSection = QStringLiteral("encoder");
    const QString X264PresetKey = QStringLiteral("preset");
    const QString BitrateKey = QStringLiteral("bitrate_kbps");
    const QString KeyframeKey = QStringLiteral("keyframe_s");
    const QString ProfileKey = QStringLiteral("profile");
    const QString AudioSection = QStringLiteral("audio");
    const QString MicrophoneKey = QStringLiteral("microphone");
    const QString DesktopAudioKey = QStringLiteral("desktop_audio");
    const QString ShowSection = QStringLiteral("show");
    const QString TitleKey = QStringLiteral("title");
    const QString LogoKey = QStringLiteral("logo");
    const QString FirstRunKey = QStringLiteral("first_run_done");
    const QString WindowStateKey = QStringLiteral("window_state");

    const QStringList X264Presets { QStringLiteral("ultrafast"), QStringLiteral("superfast"),
        QStringLiteral("veryfast"), QStringLiteral("faster"), QStringLiteral("fast"), QStringLiteral("medium") };

    std::optional<int> wholeNumber(const QString& text, int min, int max)
    {
        bool ok = false;
        const int v = text.trimmed().toInt(&ok);
        return ok && v >= min && v <= max ? std::optional<int>(v) : std::nullopt;
    }

    const QString RecordingSection = QStringLiteral("recording");
    const QString KeepOriginalKey = QStringLiteral("keep_original");

    // true/false, yes/no, 1/0 (any case); nullopt for anything else.
    std::optional<bool> parseYesNo(const QString& text)
    {
        const QString v = text.trimmed().toLower();
        if (v == QLatin1String("true") || v == QLatin1String("yes") || v == QLatin1String("1"))
            return true;
        if (v == QLatin1String("false") || v == QLatin1String("no") || v == QLatin1String("0"))
            return false;
        return std::nullopt;
    }

    bool isTrue(const QString& text)
    {
        const QString v = text.trimmed().toLower();
        return v == QLatin1String("true") || v == QLatin1String("1") || v == QLatin1String("yes");
    }

    // Keys that would hold a stream key. Settings never writes them; one found in a file is dropped.
    bool looksLikeSecret(const QString& key)
    {
        const QString k = key.toLower();
        return k == QLatin1String("key") || k.endsWith(QLatin1String("stream_key"))
            || k.endsWith(QLatin1String("streamkey")) || k.contains(QLatin1String("password"))
            || k.contains(QLatin1String("secret"));
    }

    bool isStreamUrl(const QString& url)
    {
        const QUrl u(url);
        return u.isValid()
            && (u.scheme() == QLatin1String("rtmp") || u.scheme() == QLatin1String("rtmps")
                || IngestUrl::isMpegTsUrl(url))
            && !u.host().isEmpty();
    }

} // namespace

Settings::Settings(const QString& filePath)
    : m_path(filePath)
{
}

QString Settings::defaultFilePath()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation))
        .filePath(QStringLiteral("pinstage.ini"));
}

QString Settings::place(const QString& section, const QString& key) const
{
    const int line = m_doc.line(section, key);
    const QString file = QDir::toNativeSeparators(m_path);
    return line > 0 ? QObject::tr("%1 line %2, [%3] %4").arg(file).arg(line).arg(section, key)
                    : QObject::tr("%1, [%2] %3").arg(file, section, key);
}

bool Settings::load(QString* error)
{
    m_doc = IniDocument();
    m_loadError.clear();
    m_warnings.clear();
    m_fileVersion = CurrentVersion;
    m_needsSave = false;
    m_fileExists = false;

    const QString file = QDir::toNativeSeparators(m_path);
    const auto refuse = [&](const QString& why) {
        m_doc = IniDocument();
        m_loadError = why + QLatin1Char(' ')
            + QObject::tr("Pinstage left the file as it is and uses default settings; changes made now are kept "
                          "for this session only. Fix the file, or move it away to start afresh.");
        if (error)
            *error = m_loadError;
        return false;
    };

    QFile in(m_path);
    if (!in.exists())
        return true;
    m_fileExists = true;
    if (!in.open(QIODevice::ReadOnly))
        return refuse(QObject::tr("Could not read the settings file %1: %2.").arg(file, in.errorString()));
    const QByteArray bytes = in.readAll();
    if (in.error() != QFileDevice::NoError)
        return refuse(QObject::tr("Could not read the settings file %1: %2.").arg(file, in.errorString()));

    QString parseError;
    std::optional<IniDocument> doc = IniDocument::parse(bytes, &parseError);
    if (!doc)
        return refuse(QObject::tr("The settings file %1 is damaged at %2.").arg(file, parseError));
    m_doc = std::move(*doc);

    if (!m_doc.contains(General, VersionKey)) {
        m_fileVersion = 0;
    } else {
        bool ok = false;
        m_fileVersion = m_doc.value(General, VersionKey).toInt(&ok);
        if (!ok || m_fileVersion < 0)
            return refuse(QObject::tr("The settings file %1 is damaged at %2: the version \"%3\" is not a number.")
                              .arg(file, place(General, VersionKey), m_doc.value(General, VersionKey).left(20)));
        if (m_fileVersion > CurrentVersion)
            return refuse(QObject::tr("The settings file %1 was written by a newer Pinstage (settings version %2; this "
                                      "version understands up to %3).")
                              .arg(file)
                              .arg(m_fileVersion)
                              .arg(CurrentVersion));
    }

    dropSecrets(); // first: a migration must never carry a key into the new layout
    if (m_fileVersion < 1)
        migrateFrom0();
    if (m_fileVersion < 2)
        migrateFrom1();
    if (m_fileVersion != CurrentVersion) {
        m_doc.setValue(General, VersionKey, QString::number(CurrentVersion));
        m_needsSave = true;
    }

    // Report (not refuse) entries that cannot be used; they stay in the file untouched.
    for (const QString& section : destinationSections()) {
        const QString canvas = m_doc.value(section, DestinationCanvasKey).trimmed();
        if (!canvas.isEmpty() && !parseDestinationCanvas(canvas))
            m_warnings.append(QObject::tr("%1: \"%2\" is not a canvas (vertical or horizontal); using vertical.")
                                  .arg(place(section, DestinationCanvasKey), canvas.left(20)));
        if (m_doc.value(section, NameKey).trimmed().isEmpty())
            m_warnings.append(QObject::tr("%1: a destination without a name is ignored.").arg(place(section, NameKey)));
        else if (!isStreamUrl(m_doc.value(section, UrlKey)))
            m_warnings.append(
                QObject::tr("%1: \"%2\" is not an rtmp://, rtmps://, srt:// or rist:// server URL; the destination "
                            "is ignored.")
                    .arg(place(section, UrlKey), IngestUrl::maskAddress(m_doc.value(section, UrlKey).left(200))));
        else if (const auto parts = IngestUrl::split(m_doc.value(section, UrlKey)))
            // Saved by an older Pinstage: the key sits in the file. Saving the destination again moves it.
            m_warnings.append(
                QObject::tr("%1: the server URL holds a stream key after its application path (%2/%3); open "
                            "the destination and save it again to move the key into the keychain.")
                    .arg(place(section, UrlKey), parts->server, IngestUrl::mask()));
        else if (!isStorableStreamUrl(m_doc.value(section, UrlKey)))
            m_warnings.append(
                QObject::tr("%1: the address holds a password, passphrase, stream id or token (%2) in "
                            "this plain file; remove that part of the address.")
                    .arg(place(section, UrlKey), IngestUrl::maskAddress(m_doc.value(section, UrlKey).left(200))));
    }
    cardTheme(&m_warnings);
    cardExtras(&m_warnings);
    checkStudio();
    const QString templateName = m_doc.value(CardSection, CardTemplateKey).trimmed();
    if (!templateName.isEmpty() && !CardTemplate::byName(templateName))
        m_warnings.append(
            QObject::tr("%1: \"%2\" is not a card template (%3); using %4.")
                .arg(place(CardSection, CardTemplateKey), templateName.left(40),
                    CardTemplate::names().join(QStringLiteral(", ")), CardTemplate::defaultTemplate().name()));
    const QString enter = m_doc.value(RunOfShowSection, CatalogEnterKey).trimmed().toLower();
    if (!enter.isEmpty() && enter != QLatin1String("queue") && enter != QLatin1String("pin"))
        m_warnings.append(QObject::tr("%1: \"%2\" is neither \"queue\" nor \"pin\"; Enter adds to the queue.")
                              .arg(place(RunOfShowSection, CatalogEnterKey), enter.left(40)));
    return true;
}

void Settings::dropSecrets()
{
    for (const QString& section : m_doc.sectionNames()) {
        for (const QString& key : m_doc.keys(section)) {
            if (!looksLikeSecret(key))
                continue;
            m_warnings.append(QObject::tr("%1: a stream key was found in the settings file and removed from it; "
                                          "keys are kept in the keychain. Enter it again in the destination dialog.")
                                  .arg(place(section, key)));
            m_doc.remove(section, key);
            m_needsSave = true;
        }
    }
}

void Settings::migrateFrom0()
{
    // 0 -> 1: the single unnamed stream URL becomes destination 1, selected by index.
    const QString url = m_doc.value(General, QStringLiteral("stream_url"));
    m_doc.remove(General, QStringLiteral("stream_url"));
    if (!url.trimmed().isEmpty()) {
        const QString host = QUrl(url.trimmed()).host();
        m_doc.setValue(
            DestinationPrefix + QLatin1Char('1'), NameKey, host.isEmpty() ? QObject::tr("Destination") : host);
        m_doc.setValue(DestinationPrefix + QLatin1Char('1'), UrlKey, url.trimmed());
        m_doc.setValue(General, QStringLiteral("selected"), QStringLiteral("1"));
    }
}

void Settings::migrateFrom1()
{
    // 1 -> 2: select by name instead of by section number; the import folder key is renamed.
    if (m_doc.contains(General, QStringLiteral("selected"))) {
        const QString section = DestinationPrefix + m_doc.value(General, QStringLiteral("selected")).trimmed();
        const QString name = m_doc.value(section, NameKey);
        if (!name.isEmpty())
            m_doc.setValue(General, SelectedKey, name);
        m_doc.remove(General, QStringLiteral("selected"));
    }
    if (m_doc.contains(General, QStringLiteral("last_import_dir"))) {
        m_doc.setValue(General, ImportFolderKey, m_doc.value(General, QStringLiteral("last_import_dir")));
        m_doc.remove(General, QStringLiteral("last_import_dir"));
    }
}

bool Settings::save(QString* error)
{
    const QString file = QDir::toNativeSeparators(m_path);
    if (!isWritable()) {
        if (error)
            *error = QObject::tr("Settings were not saved: %1 was refused when Pinstage started and is left as it is.")
                         .arg(file);
        return false;
    }
    const QFileInfo info(m_path);
    if (!QDir().mkpath(info.absolutePath())) {
        if (error)
            *error = QObject::tr("Could not create the settings folder %1.")
                         .arg(QDir::toNativeSeparators(info.absolutePath()));
        return false;
    }
    // The first save over an older layout keeps the old file, for an older Pinstage.
    if (m_fileExists && m_needsSave) {
        int version = 0;
        QFile in(m_path);
        if (in.open(QIODevice::ReadOnly)) {
            const std::optional<IniDocument> old = IniDocument::parse(in.readAll(), nullptr);
            version = old ? old->value(General, VersionKey, QStringLiteral("0")).toInt() : 0;
        }
        if (version < CurrentVersion) {
            const QString backup = m_path + QStringLiteral(".v%1.bak").arg(version);
            if (!QFileInfo::exists(backup))
                QFile::copy(m_path, backup);
        }
    }

    m_doc.setValue(General, VersionKey, QString::number(CurrentVersion));
    QSaveFile out(m_path);
    if (!out.open(QIODevice::WriteOnly)) {
        if (error)
            *error = QObject::tr("Could not save the settings file %1: %2.").arg(file, out.errorString());
        return false;
    }
    const QByteArray bytes
        = QByteArrayLiteral("# Pinstage settings. Stream keys are never kept here: they are in the system keychain, in "
                            "the key file you chose, or in memory until Pinstage quits.\n")
        + m_doc.toBytes();
    if (out.write(bytes) != bytes.size() || !out.commit()) {
        if (error)
            *error = QObject::tr("Could not save the settings file %1: %2. The previous file is unchanged.")
                         .arg(file, out.errorString());
        return false;
    }
    m_fileExists = true;
    m_needsSave = false;
    return true;
}

QStringList Settings::destinationSections() const
{
    QStringList out;
    for (const QString& name : m_doc.sectionNames())
        if (name.startsWith(DestinationPrefix))
            out.append(name);
    return out;
}

QString Settings::destinationSection(const QString& name) const
{
    for (const QString& section : destinationSections())
        if (m_doc.value(section, NameKey).trimmed() == name)
            return section;
    return {};
}

QList<StreamDestination> Settings::destinations() const
{
    QList<StreamDestination> out;
    for (const QString& section : destinationSections()) {
        const QString preset = m_doc.value(section, PresetKey).trimmed();
        StreamDestination d { m_doc.value(section, NameKey).trimmed(), m_doc.value(section, UrlKey).trimmed(),
            preset.isEmpty() ? CustomPreset : preset };
        d.canvas
            = parseDestinationCanvas(m_doc.value(section, DestinationCanvasKey)).value_or(DestinationCanvas::Vertical);
        if (!d.name.isEmpty() && isStreamUrl(d.url)
            && std::none_of(out.cbegin(), out.cend(), [&d](const StreamDestination& o) { return o.name == d.name; }))
            out.append(d);
    }
    return out;
}

std::optional<StreamDestination> Settings::destination(const QString& name) const
{
    for (const StreamDestination& d : destinations())
        if (d.name == name)
            return d;
    return std::nullopt;
}

bool Settings::isStorableStreamUrl(const QString& url)
{
    const QUrl u(url.trimmed());
    return u.userInfo().isEmpty() && IngestUrl::secretQueryValues(url.trimmed()).isEmpty();
}

bool Settings::setDestination(const StreamDestination& destination, QString* error)
{
    const QString name = destination.name.trimmed();
    const QString url = destination.url.trimmed();
    if (name.isEmpty() || url.isEmpty())
        return true;
    if (!isStorableStreamUrl(url)) {
        if (error)
            *error = QObject::tr("%1: destination \"%2\", field url: the address holds a password, passphrase, "
                                 "stream id or token, which would be stored in plain text; it was not saved")
                         .arg(QDir::toNativeSeparators(m_path), name);
        return false;
    }
    QString section = destinationSection(name);
    if (section.isEmpty()) {
        int n = 1;
        while (m_doc.hasSection(DestinationPrefix + QString::number(n)))
            ++n;
        section = DestinationPrefix + QString::number(n);
        m_doc.setValue(section, NameKey, name);
    }
    m_doc.setValue(section, UrlKey, url);
    const QString preset = destination.presetId.trimmed();
    m_doc.setValue(section, PresetKey, preset.isEmpty() ? CustomPreset : preset);
    if (destination.canvas == DestinationCanvas::Horizontal)
        m_doc.setValue(section, DestinationCanvasKey, destinationCanvasName(destination.canvas));
    else
        m_doc.remove(section, DestinationCanvasKey);
    return true;
}

bool Settings::removeDestination(const QString& name)
{
    const QString section = destinationSection(name);
    if (section.isEmpty())
        return false;
    m_doc.removeSection(section);
    if (selectedDestinationName() == name)
        m_doc.remove(General, SelectedKey);
    return true;
}

QString Settings::selectedDestinationName() const
{
    return m_doc.value(General, SelectedKey).trimmed();
}

void Settings::setSelectedDestinationName(const QString& name)
{
    if (name.trimmed().isEmpty())
        m_doc.remove(General, SelectedKey);
    else
        m_doc.setValue(General, SelectedKey, name.trimmed());
}

QString Settings::defaultLastImportFolder()
{
    const QString docs = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    return docs.isEmpty() ? QDir::homePath() : docs;
}

QString Settings::defaultRecordingFolder()
{
    QString movies = QStandardPaths::writableLocation(QStandardPaths::MoviesLocation);
    if (movies.isEmpty())
        movies = QDir::homePath();
    return QDir(movies).filePath(QStringLiteral("Pinstage"));
}

QString Settings::lastImportFolder() const
{
    const QString v = m_doc.value(General, ImportFolderKey);
    return v.isEmpty() ? defaultLastImportFolder() : v;
}

void Settings::setLastImportFolder(const QString& folder)
{
    m_doc.setValue(General, ImportFolderKey, folder);
}

QString Settings::recordingFolder() const
{
    const QString v = m_doc.value(General, RecordingFolderKey);
    return v.isEmpty() ? defaultRecordingFolder() : v;
}

void Settings::setRecordingFolder(const QString& folder)
{
    m_doc.setValue(General, RecordingFolderKey, folder);
}

CardTheme Settings::cardTheme(QStringList* problems) const
{
    CardTheme theme;
    for (const QString& field : CardTheme::fieldNames()) {
        if (!m_doc.contains(CardSection, field))
            continue;
        QString why;
        if (!theme.setField(field, m_doc.value(CardSection, field), &why) && problems)
            problems->append(
                QObject::tr("%1: %2; the default (%3) is used.")
                    .arg(place(CardSection, field), why.mid(why.indexOf(QLatin1Char(':')) + 2),
                        CardTheme().field(field).isEmpty() ? QObject::tr("none") : CardTheme().field(field)));
    }
    return theme;
}

void Settings::setCardTheme(const CardTheme& theme)
{
    for (const QString& field : CardTheme::fieldNames())
        m_doc.setValue(CardSection, field, theme.field(field));
}

CardExtras Settings::cardExtras(QStringList* problems) const
{
    CardExtras extras;
    for (const QString& key : { PromoCodeKey, ShopUrlKey }) {
        if (!m_doc.contains(CardSection, key))
            continue;
        QString why;
        const QString value = m_doc.value(CardSection, key);
        if (value.trimmed().isEmpty()) {
            if (problems)
                problems->append(QObject::tr("%1: %2; left out.")
                                     .arg(place(CardSection, key), CardExtras::blankError(key == PromoCodeKey)));
            continue;
        }
        const std::optional<QString> checked
            = key == PromoCodeKey ? CardExtras::checkPromoCode(value, &why) : CardExtras::checkShopUrl(value, &why);
        if (checked)
            (key == PromoCodeKey ? extras.promoCode : extras.shopUrl) = *checked;
        else if (problems)
            problems->append(QObject::tr("%1: %2; left out.").arg(place(CardSection, key), why));
    }
    return extras;
}

void Settings::setCardExtras(const CardExtras& extras)
{
    for (const auto& [key, value] :
        { std::pair { PromoCodeKey, extras.promoCode }, std::pair { ShopUrlKey, extras.shopUrl } }) {
        if (value.isEmpty())
            m_doc.remove(CardSection, key);
        else
            m_doc.setValue(CardSection, key, value);
    }
}

QString Settings::cardTemplateName() const
{
    const auto found = CardTemplate::byName(m_doc.value(CardSection, CardTemplateKey));
    return (found ? *found : CardTemplate::defaultTemplate()).name();
}

void Settings::setCardTemplateName(const QString& name)
{
    m_doc.setValue(CardSection, CardTemplateKey, name);
}

QString Settings::moneyLocaleName() const
{
    return m_doc.value(CardSection, LocaleKey).trimmed();
}

void Settings::setMoneyLocaleName(const QString& locale)
{
    m_doc.setValue(CardSection, LocaleKey, locale);
}

bool Settings::safeAreaGuide() const
{
    const QString v = m_doc.value(View, SafeAreaGuideKey).trimmed().toLower();
    return v.isEmpty() ? true : (v == QLatin1String("true") || v == QLatin1String("1"));
}

void Settings::setSafeAreaGuide(bool shown)
{
    m_doc.setValue(View, SafeAreaGuideKey, shown ? QStringLiteral("true") : QStringLiteral("false"));
}

Settings::CatalogEnterAction Settings::catalogEnterAction() const
{
    const QString v = m_doc.value(RunOfShowSection, CatalogEnterKey).trimmed().toLower();
    return v == QLatin1String("pin") ? CatalogEnterAction::PinAtOnce : CatalogEnterAction::AddToQueue;
}

void Settings::setCatalogEnterAction(CatalogEnterAction action)
{
    m_doc.setValue(RunOfShowSection, CatalogEnterKey,
        action == CatalogEnterAction::PinAtOnce ? QStringLiteral("pin") : QStringLiteral("queue"));
}

std::optional<QString> Settings::hotkey(const QString& name) const
{
    if (!m_doc.contains(HotkeysSection, name))
        return std::nullopt;
    return m_doc.value(HotkeysSection, name).trimmed();
}

void Settings::setHotkey(const QString& name, const QString& sequence)
{
    m_doc.setValue(HotkeysSection, name, sequence.trimmed());
}

QByteArray Settings::hostMonitorGeometry() const
{
    return QByteArray::fromBase64(m_doc.value(HostMonitorSection, GeometryKey).trimmed().toLatin1());
}

void Settings::setHostMonitorGeometry(const QByteArray& geometry)
{
    m_doc.setValue(HostMonitorSection, GeometryKey, QString::fromLatin1(geometry.toBase64()));
}

QString Settings::hostMonitorScreen() const
{
    return m_doc.value(HostMonitorSection, ScreenKey).trimmed();
}

void Settings::setHostMonitorScreen(const QString& screen)
{
    m_doc.setValue(HostMonitorSection, ScreenKey, screen);
}

bool Settings::hostMonitorOpen() const
{
    const QString v = m_doc.value(HostMonitorSection, OpenKey).trimmed().toLower();
    return v == QLatin1String("true") || v == QLatin1String("1");
}

void Settings::setHostMonitorOpen(bool open)
{
    m_doc.setValue(HostMonitorSection, OpenKey, open ? QStringLiteral("true") : QStringLiteral("false"));
}

QStringList Settings::x264Presets()
{
    return X264Presets;
}

int Settings::uploadKbps() const
{
    bool ok = false;
    const int kbps = m_doc.value(StreamSection, UploadKbpsKey).trimmed().toInt(&ok);
    return ok && kbps >= 1 && kbps <= 10000000 ? kbps : 0;
}

void Settings::setUploadKbps(int kbps)
{
    if (kbps > 0)
        m_doc.setValue(StreamSection, UploadKbpsKey, QString::number(kbps));
    else
        m_doc.remove(StreamSection, UploadKbpsKey);
}

void Settings::checkStudio()
{
    QString why;
    const QString upload = m_doc.value(StreamSection, UploadKbpsKey).trimmed();
    if (!upload.isEmpty() && !wholeNumber(upload, 1, 10000000))
        m_warnings.append(QObject::tr("%1: \"%2\" is not an upload in kbit/s from 1 to 10000000; the upload is "
                                      "taken as unknown (no warning before going live).")
                              .arg(place(StreamSection, UploadKbpsKey), upload.left(20)));
    const QString canvas = m_doc.value(VideoSection, CanvasKey).trimmed();
    if (!canvas.isEmpty() && !VideoSettings::parseCanvas(canvas, &why))
        m_warnings.append(QObject::tr("%1: %2; using 1080x1920.").arg(place(VideoSection, CanvasKey), why));
    const QString horizontal = m_doc.value(VideoSection, HorizontalCanvasKey).trimmed();
    if (!horizontal.isEmpty() && !VideoSettings::parseCanvas(horizontal, &why))
        m_warnings.append(QObject::tr("%1: %2; using 1920x1080.").arg(place(VideoSection, HorizontalCanvasKey), why));
    const QString fps = m_doc.value(VideoSection, FpsKey).trimmed();
    if (!fps.isEmpty() && !wholeNumber(fps, 1, 120))
        m_warnings.append(QObject::tr("%1: \"%2\" is not a whole number of frames per second from 1 to 120; using 30.")
                              .arg(place(VideoSection, FpsKey), fps.left(20)));
    const QString preset = m_doc.value(EncoderSection, X264PresetKey).trimmed();
    if (!preset.isEmpty() && !X264Presets.contains(preset))
        m_warnings.append(
            QObject::tr("%1: \"%2\" is not an x264 preset (%3); using veryfast.")
                .arg(place(EncoderSection, X264PresetKey), preset.left(20), X264Presets.join(QStringLiteral(", "))));
    const QString bitrate = m_doc.value(EncoderSection, BitrateKey).trimmed();
    if (!bitrate.isEmpty() && !wholeNumber(bitrate, EncoderBitrateMinKbps, EncoderBitrateMaxKbps))
        m_warnings.append(QObject::tr("%1: \"%2\" is not a bitrate from %3 to %4 kbps; the canvas decides it.")
                              .arg(place(EncoderSection, BitrateKey), bitrate.left(20))
                              .arg(EncoderBitrateMinKbps)
                              .arg(EncoderBitrateMaxKbps));
    const QString keyframe = m_doc.value(EncoderSection, KeyframeKey).trimmed();
    if (!keyframe.isEmpty() && !wholeNumber(keyframe, 1, 10))
        m_warnings.append(QObject::tr("%1: \"%2\" is not a keyframe interval from 1 to 10 seconds; using 2.")
                              .arg(place(EncoderSection, KeyframeKey), keyframe.left(20)));
    const QString profile = m_doc.value(EncoderSection, ProfileKey).trimmed();
    if (!profile.isEmpty() && !EncoderSettings::parseProfile(profile))
        m_warnings.append(
            QObject::tr("%1: \"%2\" is not an encoder profile (%3); using live-selling.")
                .arg(place(EncoderSection, ProfileKey), profile.left(20), EncoderSettings::profileNames()));
    const QString keep = m_doc.value(RecordingSection, KeepOriginalKey).trimmed();
    if (!keep.isEmpty() && !parseYesNo(keep))
        m_warnings.append(QObject::tr("%1: \"%2\" is neither true nor false; the original recording is kept.")
                              .arg(place(RecordingSection, KeepOriginalKey), keep.left(20)));
}

VideoSettings Settings::video() const
{
    VideoSettings video;
    if (const auto canvas = VideoSettings::parseCanvas(m_doc.value(VideoSection, CanvasKey).trimmed(), nullptr))
        video.canvas = *canvas;
    if (const auto fps = wholeNumber(m_doc.value(VideoSection, FpsKey), 1, 120))
        video.fps = *fps;
    return video;
}

QSize Settings::horizontalCanvas() const
{
    return VideoSettings::parseCanvas(m_doc.value(VideoSection, HorizontalCanvasKey).trimmed(), nullptr)
        .value_or(QSize(1920, 1080));
}

void Settings::setHorizontalCanvas(QSize canvas)
{
    m_doc.setValue(VideoSection, HorizontalCanvasKey, QStringLiteral("%1x%2").arg(canvas.width()).arg(canvas.height()));
}

void Settings::setVideo(const VideoSettings& video)
{
    m_doc.setValue(
        VideoSection, CanvasKey, QStringLiteral("%1x%2").arg(video.canvas.width()).arg(video.canvas.height()));
    m_doc.setValue(VideoSection, FpsKey, QString::number(video.fps));
}

bool Settings::hasEncoder() const
{
    return !m_doc.keys(EncoderSection).isEmpty();
}

EncoderSettings Settings::encoder(QSize canvas, int fps) const
{
    const auto profile = EncoderSettings::parseProfile(m_doc.value(EncoderSection, ProfileKey).trimmed());
    EncoderSettings e
        = EncoderSettings::forCanvas(canvas, fps, profile.value_or(EncoderSettings::Profile::LiveSelling));
    const QString preset = m_doc.value(EncoderSection, X264PresetKey).trimmed();
    if (X264Presets.contains(preset))
        e.x264Preset = preset;
    if (const auto kbps
        = wholeNumber(m_doc.value(EncoderSection, BitrateKey), EncoderBitrateMinKbps, EncoderBitrateMaxKbps))
        e.videoBitrateKbps = *kbps;
    if (const auto s = wholeNumber(m_doc.value(EncoderSection, KeyframeKey), 1, 10))
        e.keyframeSeconds = *s;
    return e;
}

void Settings::setEncoder(const EncoderSettings& encoder)
{
    m_doc.setValue(EncoderSection, X264PresetKey, encoder.x264Preset);
    m_doc.setValue(EncoderSection, BitrateKey, QString::number(encoder.videoBitrateKbps));
    m_doc.setValue(EncoderSection, KeyframeKey, QString::number(encoder.keyframeSeconds));
    m_doc.setValue(EncoderSection, ProfileKey, EncoderSettings::profileName(encoder.profile));
}

QString Settings::microphoneDevice() const
{
    return m_doc.value(AudioSection, MicrophoneKey).trimmed();
}

void Settings::setMicrophoneDevice(const QString& device)
{
    m_doc.setValue(AudioSection, MicrophoneKey, device.trimmed());
}

QString Settings::desktopAudioDevice() const
{
    return m_doc.value(AudioSection, DesktopAudioKey).trimmed();
}

void Settings::setDesktopAudioDevice(const QString& device)
{
    m_doc.setValue(AudioSection, DesktopAudioKey, device.trimmed());
}

QString Settings::showTitle() const
{
    return m_doc.value(ShowSection, TitleKey).trimmed();
}

void Settings::setShowTitle(const QString& title)
{
    m_doc.setValue(ShowSection, TitleKey, title.trimmed());
}

QString Settings::logoFile() const
{
    return m_doc.value(ShowSection, LogoKey).trimmed();
}

void Settings::setLogoFile(const QString& file)
{
    m_doc.setValue(ShowSection, LogoKey, file.trimmed());
}

bool Settings::firstRunDone() const
{
    return isTrue(m_doc.value(General, FirstRunKey));
}

void Settings::setFirstRunDone(bool done)
{
    m_doc.setValue(General, FirstRunKey, done ? QStringLiteral("true") : QStringLiteral("false"));
}

QByteArray Settings::windowState() const
{
    return QByteArray::fromBase64(m_doc.value(View, WindowStateKey).trimmed().toLatin1());
}

void Settings::setWindowState(const QByteArray& state)
{
    m_doc.setValue(View, WindowStateKey, QString::fromLatin1(state.toBase64()));
}

bool Settings::keepOriginalRecording() const
{
    // Only a clear "no" removes a recording; anything else (reported by load()) keeps it.
    return parseYesNo(m_doc.value(RecordingSection, KeepOriginalKey)).value_or(true);
}

void Settings::setKeepOriginalRecording(bool keep)
{
    m_doc.setValue(RecordingSection, KeepOriginalKey, keep ? QStringLiteral("true") : QStringLiteral("false"));
}

} // namespace pinstage
