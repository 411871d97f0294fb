// SPDX-License-Identifier: GPL-2.0-or-later
#include "CommandLine.h"

#include "obs/VideoSettings.h"
#include "output/StreamKey.h"
#include "output/StreamTarget.h"
#include "output/VideoBitrate.h"
#include "overlay/CardExtras.h"
#include "overlay/CardTemplate.h"
#include "util/Plural.h"

#include <QFile>

#include <algorithm>
#include <cmath>

namespace pinstage {
namespace {

    // Flags that take a value; each may appear once unless listed as repeatable.
    const QStringList kValueFlags = {
        QStringLiteral("--stream-url"),
        QStringLiteral("--stream-key"),
        QStringLiteral("--stream-key-file"),
        QStringLiteral("--duration"),
        QStringLiteral("--record"),
        QStringLiteral("--canvas"),
        QStringLiteral("--fps"),
        QStringLiteral("--pin"),
        QStringLiteral("--unpin-at"),
        QStringLiteral("--data-dir"),
        QStringLiteral("--camera"),
        QStringLiteral("--title"),
        QStringLiteral("--mic"),
        QStringLiteral("--scene"),
        QStringLiteral("--scene-collection"),
        QStringLiteral("--switch"),
        QStringLiteral("--encoder-profile"),
        QStringLiteral("--card-template"),
        QStringLiteral("--flash-sale"),
        QStringLiteral("--announce"),
        QStringLiteral("--announce-clear-at"),
        QStringLiteral("--stock"),
        QStringLiteral("--show"),
        QStringLiteral("--auto-advance"),
        QStringLiteral("--promo-code"),
        QStringLiteral("--shop-url"),
        QStringLiteral("--keyframe-seconds"),
        QStringLiteral("--stream-bitrate"),
        QStringLiteral("--upload-kbps"),
        QStringLiteral("--stop-destination"),
        QStringLiteral("--stream-canvas"),
        QStringLiteral("--horizontal-canvas"),
        QStringLiteral("--horizontal-scene"),
        QStringLiteral("--reconnect-tries"),
    };
    const QStringList kRepeatable = { QStringLiteral("--pin"), QStringLiteral("--unpin-at"), QStringLiteral("--switch"),
        QStringLiteral("--flash-sale"), QStringLiteral("--announce"), QStringLiteral("--announce-clear-at"),
        QStringLiteral("--stock"), QStringLiteral("--stream-url"), QStringLiteral("--stream-key"),
        QStringLiteral("--stream-key-file"), QStringLiteral("--stream-bitrate"), QStringLiteral("--stop-destination"),
        QStringLiteral("--stream-canvas") };
    // The headless cues: each at a stream time, checked against --duration.
    const QStringList kHeadlessOnly = { QStringLiteral("--duration"), QStringLiteral("--pin"),
        QStringLiteral("--unpin-at"), QStringLiteral("--switch"), QStringLiteral("--flash-sale"),
        QStringLiteral("--announce"), QStringLiteral("--announce-clear-at"), QStringLiteral("--stock"),
        QStringLiteral("--show"), QStringLiteral("--auto-advance"), QStringLiteral("--resume"),
        QStringLiteral("--rehearsal"), QStringLiteral("--stream-bitrate"), QStringLiteral("--upload-kbps"),
        QStringLiteral("--stop-destination"), QStringLiteral("--stream-canvas"), QStringLiteral("--reconnect-tries") };
    const QStringList kSwitches = { QStringLiteral("--headless"), QStringLiteral("--verbose"), QStringLiteral("--help"),
        QStringLiteral("-h"), QStringLiteral("--version"), QStringLiteral("--resume"), QStringLiteral("--rehearsal"),
        QStringLiteral("--clips"), QStringLiteral("--remove-original"), QStringLiteral("--bench-libobs-reconnect") };

    std::optional<double> parseSeconds(const QString& flag, const QString& text, bool allowZero, QString* error)
    {
        bool ok = false;
        const double value = text.toDouble(&ok);
        if (!ok || !std::isfinite(value) || value < 0 || (!allowZero && value == 0) || value > 24 * 3600) {
            *error = QStringLiteral("%1: expected a number of seconds%2, got '%3'")
                         .arg(flag, allowZero ? QString() : QStringLiteral(" above 0"), text);
            return std::nullopt;
        }
        return value;
    }

    // Splits "WHAT@SECONDS" at its last '@'; false (with *error naming FLAG, the bad part and an
    // example) when either side is missing.
    bool splitAt(const QString& flag, const QString& value, const QString& shape, const QString& example, QString* what,
        QString* when, QString* error)
    {
        const int at = value.lastIndexOf(QLatin1Char('@'));
        if (at <= 0 || at == value.size() - 1 || value.left(at).trimmed().isEmpty()) {
            *error = QStringLiteral("%1: expected %2 such as %3, got '%4'%5")
                         .arg(flag, shape, example, value,
                             at < 0                       ? QStringLiteral(" (no '@' before the time)")
                                 : at == value.size() - 1 ? QStringLiteral(" (no time after '@')")
                                                          : QStringLiteral(" (nothing before '@')"));
            return false;
        }
        *what = value.left(at);
        *when = value.mid(at + 1);
        return true;
    }

    /// The bytes of the stream-key file PATH (at most 64 KiB; StreamKey::check trims them). FLAG
    /// ("--stream-key-file", "--stream-key-file #2") names it in ERROR.
    std::optional<QString> readKeyFile(const QString& path, const QString& flag, QString* error)
    {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("%1: cannot read %2: %3").arg(flag, path, file.errorString());
            return std::nullopt;
        }
        const QByteArray bytes = file.read(64 * 1024);
        if (file.error() != QFileDevice::NoError) {
            *error = QStringLiteral("%1: cannot read %2: %3").arg(flag, path, file.errorString());
            return std::nullopt;
        }
        return QString::fromUtf8(bytes);
    }

    /// One destination from the command line, the same rule for one URL or several: the key RAWKEY
    /// from *SOURCE (empty: no key given) checked (StreamKey), a key pasted into URL split off (said
    /// in NOTES; *SOURCE then names URLFIELD) or refused with how to enter it, and the URL checked.
    /// Errors name URLFIELD or *SOURCE, never the key.
    std::optional<StreamTarget> checkedTarget(const QString& url, const QString& rawKey, QString* source,
        const QString& urlField, QStringList* notes, QString* error)
    {
        QString key;
        if (!source->isEmpty()) {
            const StreamKey::Checked checked = StreamKey::check(rawKey, *source);
            if (!checked.ok()) {
                *error = checked.error;
                return std::nullopt;
            }
            key = checked.key;
        }
        const StreamTargetEntry entry
            = StreamTarget::fromEntry(url, key, urlField, source->isEmpty() ? QStringLiteral("--stream-key") : *source);
        if (!entry.ok()) {
            *error = entry.error;
            return std::nullopt;
        }
        if (entry.split()) {
            *source = urlField;
            notes->append(entry.note);
        }
        // The URL is checked now: a bad value is bad usage (exit 2), not a failed show.
        if (!StreamTarget::validateUrl(entry.target.url, error, urlField, *source, entry.target.key))
            return std::nullopt;
        return entry.target;
    }

    // Two or more --stream-url: the Nth key flag belongs to the Nth URL; every error names the
    // flag with its number ("--stream-key #2", "--stream-url #2").
    bool parseDestinations(const QStringList& urls, const QList<std::pair<QString, bool>>& keyArgs,
        const QList<int>& bitrates, CommandLine* cl, QString* error)
    {
        if (keyArgs.size() != urls.size()) {
            *error = QStringLiteral("%1 --stream-url but %2: give one --stream-key or --stream-key-file "
                                    "per URL, the Nth key for the Nth URL")
                         .arg(urls.size())
                         .arg(countOf(keyArgs.size(), QStringLiteral("stream key"), QStringLiteral("stream keys")));
            return false;
        }
        for (int i = 0; i < urls.size(); ++i) {
            const QString number = QStringLiteral("#%1").arg(i + 1);
            const QString urlField = QStringLiteral("--stream-url ") + number;
            QString rawKey;
            QString source;
            if (keyArgs.at(i).second) {
                source = QStringLiteral("--stream-key-file %1 %2").arg(number, keyArgs.at(i).first);
                const std::optional<QString> read
                    = readKeyFile(keyArgs.at(i).first, QStringLiteral("--stream-key-file ") + number, error);
                if (!read)
                    return false;
                rawKey = *read;
            } else {
                source = QStringLiteral("--stream-key ") + number;
                rawKey = keyArgs.at(i).first;
            }
            const std::optional<StreamTarget> target
                = checkedTarget(urls.at(i), rawKey, &source, urlField, &cl->notes, error);
            if (!target)
                return false;
            for (int j = 0; j < i; ++j) {
                if (cl->destinations.at(j).url == target->url && cl->destinations.at(j).key == target->key) {
                    *error = QStringLiteral("%1: the same server and key as --stream-url #%2 (each destination once)")
                                 .arg(urlField)
                                 .arg(j + 1);
                    return false;
                }
            }
            cl->destinations.append({ target->url, target->key, source, bitrates.value(i) });
        }
        cl->streamUrl = cl->destinations.front().url;
        cl->streamKey = cl->destinations.front().key;
        cl->streamKeySource = cl->destinations.front().keySource;
        return true;
    }

} // namespace

QStringList CommandLine::cardTemplateNames()
{
    return CardTemplate::names();
}

std::optional<CommandLine> CommandLine::parse(const QStringList& args, QString* error)
{
    CommandLine cl;
    QStringList seen;
    QString keyFile;
    bool headless = false;
    QStringList urls; // every --stream-url, in order
    QList<std::pair<QString, bool>> keyArgs; // every --stream-key (false) / --stream-key-file (true), in order
    QStringList bitrateArgs; // every --stream-bitrate, in order
    QStringList canvasArgs; // every --stream-canvas, in order

    for (int i = 1; i < args.size(); ++i) {
        QString flag = args.at(i);
        QString value;
        bool hasInlineValue = false;
        if (flag.startsWith(QLatin1String("--")) && flag.contains(QLatin1Char('='))) {
            value = flag.section(QLatin1Char('='), 1);
            flag = flag.section(QLatin1Char('='), 0, 0);
            hasInlineValue = true;
        }

        if (kSwitches.contains(flag)) {
            if (hasInlineValue) {
                *error = QStringLiteral("%1 takes no value").arg(flag);
                return std::nullopt;
            }
            if (flag == QLatin1String("--headless"))
                headless = true;
            else if (flag == QLatin1String("--verbose"))
                cl.verbose = true;
            else if (flag == QLatin1String("--clips"))
                cl.clips = true;
            else if (flag == QLatin1String("--bench-libobs-reconnect"))
                cl.libobsReconnectBaseline = true; // the benchmark's baseline; not in --help
            else if (flag == QLatin1String("--remove-original"))
                cl.keepOriginalRecording = false;
            else if (flag == QLatin1String("--resume") || flag == QLatin1String("--rehearsal")) {
                if (seen.contains(flag)) {
                    *error = QStringLiteral("%1 is given more than once").arg(flag);
                    return std::nullopt;
                }
                seen.append(flag);
                (flag == QLatin1String("--resume") ? cl.resume : cl.rehearsal) = true;
            } else if (flag == QLatin1String("--version"))
                cl.mode = Mode::Version;
            else
                cl.mode = Mode::Help;
            continue;
        }
        if (!kValueFlags.contains(flag)) {
            *error = flag.startsWith(QLatin1Char('-'))
                ? QStringLiteral("unknown option '%1' (see pinstage --help)").arg(flag)
                : QStringLiteral("unexpected argument '%1' (see pinstage --help)").arg(flag);
            return std::nullopt;
        }
        if (!hasInlineValue) {
            if (i + 1 >= args.size()) {
                *error = QStringLiteral("%1 needs a value").arg(flag);
                return std::nullopt;
            }
            value = args.at(++i);
        }
        if (seen.contains(flag) && !kRepeatable.contains(flag)) {
            *error = QStringLiteral("%1 is given more than once").arg(flag);
            return std::nullopt;
        }
        seen.append(flag);

        if (flag == QLatin1String("--stream-url")) {
            urls.append(value);
            cl.streamUrl = urls.front();
        } else if (flag == QLatin1String("--stream-key")) {
            keyArgs.append({ value, false });
            if (!keyArgs.front().second)
                cl.streamKey = keyArgs.front().first;
        } else if (flag == QLatin1String("--stream-key-file")) {
            keyArgs.append({ value, true });
            if (keyFile.isEmpty())
                keyFile = value;
        } else if (flag == QLatin1String("--stream-bitrate")) {
            bitrateArgs.append(value);
        } else if (flag == QLatin1String("--stream-canvas")) {
            canvasArgs.append(value);
        } else if (flag == QLatin1String("--horizontal-canvas")) {
            QString why;
            const auto size = VideoSettings::parseCanvas(value, &why);
            if (!size) {
                *error = QStringLiteral("--horizontal-canvas: ") + why;
                return std::nullopt;
            }
            cl.horizontalCanvas = *size;
        } else if (flag == QLatin1String("--horizontal-scene")) {
            if (value.trimmed().isEmpty()) {
                *error = QStringLiteral("--horizontal-scene: the scene name is empty");
                return std::nullopt;
            }
            cl.horizontalScene = value;
        } else if (flag == QLatin1String("--stop-destination")) {
            QString number;
            QString when;
            if (!splitAt(flag, value, QStringLiteral("N@SECONDS"), QStringLiteral("2@30"), &number, &when, error))
                return std::nullopt;
            bool ok = false;
            const int n = number.toInt(&ok);
            if (!ok || n < 1) {
                *error = QStringLiteral("--stop-destination: expected the destination's number (1 for the first "
                                        "--stream-url) before '@', got '%1'")
                             .arg(value);
                return std::nullopt;
            }
            const auto seconds = parseSeconds(flag, when, true, error);
            if (!seconds)
                return std::nullopt;
            cl.destinationStops.append({ n, *seconds });
        } else if (flag == QLatin1String("--reconnect-tries")) {
            bool ok = false;
            const int tries = value.toInt(&ok);
            if (!ok || tries < 0 || tries > 1000) {
                *error = QStringLiteral("--reconnect-tries: expected how many tries to make before giving up, a "
                                        "whole number from 0 (never give up) to 1000, got '%1'")
                             .arg(value);
                return std::nullopt;
            }
            cl.reconnectTries = tries;
        } else if (flag == QLatin1String("--upload-kbps")) {
            bool ok = false;
            const int kbps = value.toInt(&ok);
            if (!ok || kbps < 1 || kbps > 10000000) {
                *error = QStringLiteral("--upload-kbps: expected the upload in kbit/s, a whole number from 1 to "
                                        "10000000 (e.g. 8000 for 8 Mbit/s), got '%1'")
                             .arg(value);
                return std::nullopt;
            }
            cl.uploadKbps = kbps;
        } else if (flag == QLatin1String("--duration")) {
            const auto seconds = parseSeconds(flag, value, false, error);
            if (!seconds)
                return std::nullopt;
            cl.durationSeconds = seconds;
        } else if (flag == QLatin1String("--keyframe-seconds")) {
            bool ok = false;
            const int seconds = value.toInt(&ok);
            if (!ok || seconds < 1 || seconds > 10) {
                *error = QStringLiteral("--keyframe-seconds: expected a whole number of seconds from 1 to 10, got '%1'")
                             .arg(value);
                return std::nullopt;
            }
            cl.keyframeSeconds = seconds;
        } else if (flag == QLatin1String("--record")) {
            if (value.isEmpty()) {
                *error = QStringLiteral("--record: the file name is empty");
                return std::nullopt;
            }
            cl.recordFile = value;
        } else if (flag == QLatin1String("--canvas")) {
            QString why;
            const auto size = VideoSettings::parseCanvas(value, &why);
            if (!size) {
                *error = QStringLiteral("--canvas: ") + why;
                return std::nullopt;
            }
            cl.canvas = *size;
        } else if (flag == QLatin1String("--fps")) {
            bool ok = false;
            const int fps = value.toInt(&ok);
            if (!ok || fps < 1 || fps > 120) {
                *error = QStringLiteral("--fps: expected a whole number of frames per second from 1 to 120, got '%1'")
                             .arg(value);
                return std::nullopt;
            }
            cl.fps = fps;
        } else if (flag == QLatin1String("--pin")) {
            const int at = value.lastIndexOf(QLatin1Char('@'));
            if (at <= 0 || at == value.size() - 1) {
                *error = QStringLiteral("--pin: expected SKU@SECONDS such as PS-1001@12, got '%1'").arg(value);
                return std::nullopt;
            }
            const auto seconds = parseSeconds(flag, value.mid(at + 1), true, error);
            if (!seconds)
                return std::nullopt;
            cl.pins.append({ value.left(at), *seconds });
        } else if (flag == QLatin1String("--unpin-at")) {
            const auto seconds = parseSeconds(flag, value, true, error);
            if (!seconds)
                return std::nullopt;
            cl.unpinTimes.append(*seconds);
        } else if (flag == QLatin1String("--show")) {
            if (value.trimmed().isEmpty()) {
                *error = QStringLiteral("--show: the show name is empty (pinstage show list shows them)");
                return std::nullopt;
            }
            cl.showName = value.trimmed();
        } else if (flag == QLatin1String("--auto-advance")) {
            bool ok = false;
            const int seconds = value.toInt(&ok);
            if (!ok || seconds < 1 || seconds > 86400) {
                *error = QStringLiteral("--auto-advance: expected a whole number of seconds from 1 to 86400, got '%1'")
                             .arg(value);
                return std::nullopt;
            }
            cl.autoAdvanceSeconds = seconds;
        } else if (flag == QLatin1String("--data-dir")) {
            if (value.isEmpty()) {
                *error = QStringLiteral("--data-dir: the folder name is empty");
                return std::nullopt;
            }
            cl.dataDir = value;
        } else if (flag == QLatin1String("--camera")) {
            cl.camera = value;
        } else if (flag == QLatin1String("--title")) {
            cl.title = value;
        } else if (flag == QLatin1String("--mic")) {
            if (value.isEmpty()) {
                *error = QStringLiteral("--mic: expected a PulseAudio source name or none, got an empty value");
                return std::nullopt;
            }
            cl.microphone = value;
        } else if (flag == QLatin1String("--scene")) {
            if (value.trimmed().isEmpty()) {
                *error = QStringLiteral("--scene: the scene name is empty");
                return std::nullopt;
            }
            cl.startScene = value;
        } else if (flag == QLatin1String("--scene-collection")) {
            if (value.isEmpty()) {
                *error = QStringLiteral("--scene-collection: the file name is empty");
                return std::nullopt;
            }
            cl.sceneCollectionFile = value;
        } else if (flag == QLatin1String("--encoder-profile")) {
            const auto profile = EncoderSettings::parseProfile(value);
            if (!profile) {
                *error = QStringLiteral("--encoder-profile: expected %1, got '%2'")
                             .arg(EncoderSettings::profileNames(), value);
                return std::nullopt;
            }
            cl.encoderProfile = *profile;
        } else if (flag == QLatin1String("--switch")) {
            const int at = value.lastIndexOf(QLatin1Char('@'));
            if (at <= 0 || at == value.size() - 1 || value.left(at).trimmed().isEmpty()) {
                *error = QStringLiteral("--switch: expected SCENE@SECONDS such as \"Be right back@30\", got '%1'")
                             .arg(value);
                return std::nullopt;
            }
            const auto seconds = parseSeconds(flag, value.mid(at + 1), true, error);
            if (!seconds)
                return std::nullopt;
            cl.switches.append({ value.left(at), *seconds });
        } else if (flag == QLatin1String("--card-template")) {
            if (!CardTemplate::byName(value)) {
                *error = QStringLiteral("--card-template: unknown template '%1' (known: %2)")
                             .arg(value, cardTemplateNames().join(QLatin1String(", ")));
                return std::nullopt;
            }
            cl.cardTemplate = value;
        } else if (flag == QLatin1String("--promo-code") || flag == QLatin1String("--shop-url")) {
            QString why;
            const bool promo = flag == QLatin1String("--promo-code");
            if (value.trimmed().isEmpty()) {
                *error = QStringLiteral("%1: %2").arg(flag, CardExtras::blankError(promo));
                return std::nullopt;
            }
            const std::optional<QString> checked
                = promo ? CardExtras::checkPromoCode(value, &why) : CardExtras::checkShopUrl(value, &why);
            if (!checked) {
                *error = QStringLiteral("%1: %2").arg(flag, why);
                return std::nullopt;
            }
            (promo ? cl.promoCode : cl.shopUrl) = *checked;
        } else if (flag == QLatin1String("--flash-sale")) {
            const QString shape = QStringLiteral("SKU@SECONDS+DURATION");
            const QString example = QStringLiteral("PS-1001@12+60");
            QString sku;
            QString when;
            if (!splitAt(flag, value, shape, example, &sku, &when, error))
                return std::nullopt;
            const int plus = when.indexOf(QLatin1Char('+'));
            if (plus <= 0 || plus == when.size() - 1) {
                *error = QStringLiteral("--flash-sale: expected %1 such as %2, got '%3' (the time '%4' needs "
                                        "+DURATION: the sale's length in seconds)")
                             .arg(shape, example, value, when);
                return std::nullopt;
            }
            const auto seconds = parseSeconds(flag, when.left(plus), true, error);
            if (!seconds)
                return std::nullopt;
            bool ok = false;
            const QString durationText = when.mid(plus + 1);
            const int duration = durationText.toInt(&ok);
            if (!ok || duration < 1 || duration > 24 * 3600) {
                *error = QStringLiteral("--flash-sale: expected a whole number of seconds from 1 to 86400 after '+' "
                                        "(the sale's duration), got '%1' in '%2'")
                             .arg(durationText, value);
                return std::nullopt;
            }
            cl.flashSales.append({ sku, *seconds, duration });
        } else if (flag == QLatin1String("--announce")) {
            QString text;
            QString when;
            if (!splitAt(flag, value, QStringLiteral("TEXT@SECONDS"), QStringLiteral("\"Free shipping today@5\""),
                    &text, &when, error))
                return std::nullopt;
            if (text.simplified().size() > 500) {
                *error = QStringLiteral("--announce: the text is %1 characters long; at most 500 fit a bar")
                             .arg(text.simplified().size());
                return std::nullopt;
            }
            const auto seconds = parseSeconds(flag, when, true, error);
            if (!seconds)
                return std::nullopt;
            cl.announcements.append({ text.simplified(), *seconds });
        } else if (flag == QLatin1String("--announce-clear-at")) {
            const auto seconds = parseSeconds(flag, value, true, error);
            if (!seconds)
                return std::nullopt;
            cl.announcementClearTimes.append(*seconds);
        } else if (flag == QLatin1String("--stock")) {
            const QString shape = QStringLiteral("SKU=N@SECONDS");
            const QString example = QStringLiteral("PS-1001=3@20");
            QString change;
            QString when;
            if (!splitAt(flag, value, shape, example, &change, &when, error))
                return std::nullopt;
            const int eq = change.lastIndexOf(QLatin1Char('='));
            if (eq <= 0 || eq == change.size() - 1) {
                *error = QStringLiteral("--stock: expected %1 such as %2, got '%3' (%4)")
                             .arg(shape, example, value,
                                 eq < 0        ? QStringLiteral("no '=' between the SKU and the units")
                                     : eq == 0 ? QStringLiteral("no SKU before '='")
                                               : QStringLiteral("no units after '='"));
                return std::nullopt;
            }
            bool ok = false;
            const QString unitsText = change.mid(eq + 1);
            const int units = unitsText.toInt(&ok);
            if (!ok || units < -1'000'000 || units > 1'000'000) {
                *error = QStringLiteral("--stock: expected a whole number of units after '=' (negative for "
                                        "back-orders), got '%1' in '%2'")
                             .arg(unitsText, value);
                return std::nullopt;
            }
            const auto seconds = parseSeconds(flag, when, true, error);
            if (!seconds)
                return std::nullopt;
            cl.stockChanges.append({ change.left(eq), units, *seconds });
        }
    }

    if (cl.mode == Mode::Help || cl.mode == Mode::Version)
        return cl;

    // --stream-bitrate: one per --stream-url, in the same order.
    QList<int> bitrates;
    for (int i = 0; i < bitrateArgs.size(); ++i) {
        const QString name = bitrateArgs.size() == 1 && urls.size() <= 1
            ? QStringLiteral("--stream-bitrate")
            : QStringLiteral("--stream-bitrate #%1").arg(i + 1);
        bool ok = false;
        const int kbps = bitrateArgs.at(i).toInt(&ok);
        // The window's range too (VideoBitrate): 0 is the show's bitrate.
        if (!ok || (kbps != 0 && !VideoBitrate::accepts(kbps))) {
            *error = QStringLiteral("%1: expected the video bitrate in kbit/s from %2 to %3, or 0 for the show's, "
                                    "got '%4'")
                         .arg(name)
                         .arg(VideoBitrate::MinKbps)
                         .arg(VideoBitrate::MaxKbps)
                         .arg(bitrateArgs.at(i));
            return std::nullopt;
        }
        bitrates.append(kbps);
    }
    if (!bitrates.isEmpty() && bitrates.size() != std::max<qsizetype>(1, urls.size())) {
        *error = QStringLiteral("--stream-bitrate is given %1 for %2 --stream-url: give one per URL, the Nth "
                                "for the Nth URL (0 for the show's bitrate)")
                     .arg(countOf(bitrates.size(), QStringLiteral("time"), QStringLiteral("times")))
                     .arg(urls.size());
        return std::nullopt;
    }
    for (const auto& [n, atSeconds] : std::as_const(cl.destinationStops)) {
        if (n > urls.size()) {
            *error = QStringLiteral("--stop-destination %1@%2: there are only %3 --stream-url")
                         .arg(n)
                         .arg(atSeconds)
                         .arg(urls.size());
            return std::nullopt;
        }
        if (cl.durationSeconds && atSeconds >= *cl.durationSeconds) {
            *error = QStringLiteral("--stop-destination %1@%2: the stream ends at %3 s, before that time")
                         .arg(n)
                         .arg(atSeconds)
                         .arg(*cl.durationSeconds);
            return std::nullopt;
        }
    }
    std::stable_sort(cl.destinationStops.begin(), cl.destinationStops.end(),
        [](const auto& a, const auto& b) { return a.second < b.second; });
    if (urls.size() > 1) {
        if (!parseDestinations(urls, keyArgs, bitrates, &cl, error))
            return std::nullopt;
    } else {
        if (keyArgs.size() > 1) {
            const bool mixed = std::any_of(keyArgs.cbegin(), keyArgs.cend(), [](const auto& k) { return k.second; })
                && std::any_of(keyArgs.cbegin(), keyArgs.cend(), [](const auto& k) { return !k.second; });
            *error = mixed ? QStringLiteral("--stream-key and --stream-key-file are both given; use one")
                           : QStringLiteral("%1 is given more than once (one key per --stream-url)")
                                 .arg(keyArgs.front().second ? QStringLiteral("--stream-key-file")
                                                             : QStringLiteral("--stream-key"));
            return std::nullopt;
        }
        // One rule for the key, whichever source gave it (StreamKey), and errors that name that source.
        QString rawKey;
        if (!keyFile.isEmpty()) {
            if (seen.contains(QLatin1String("--stream-key"))) {
                *error = QStringLiteral("--stream-key and --stream-key-file are both given; use one");
                return std::nullopt;
            }
            const std::optional<QString> read = readKeyFile(keyFile, QStringLiteral("--stream-key-file"), error);
            if (!read)
                return std::nullopt;
            rawKey = *read;
            cl.streamKeySource = QStringLiteral("--stream-key-file ") + keyFile;
        } else if (seen.contains(QLatin1String("--stream-key"))) {
            rawKey = cl.streamKey;
            cl.streamKeySource = QStringLiteral("--stream-key");
        } else if (!cl.streamUrl.isEmpty() && !qEnvironmentVariableIsEmpty("PINSTAGE_STREAM_KEY")) {
            rawKey = qEnvironmentVariable("PINSTAGE_STREAM_KEY");
            cl.streamKeySource = QStringLiteral("PINSTAGE_STREAM_KEY");
        }
        cl.streamKey.clear();
        if (!cl.streamUrl.isEmpty()) {
            const std::optional<StreamTarget> target = checkedTarget(
                cl.streamUrl, rawKey, &cl.streamKeySource, QStringLiteral("--stream-url"), &cl.notes, error);
            if (!target)
                return std::nullopt;
            cl.streamUrl = target->url;
            cl.streamKey = target->key;
        } else if (!cl.streamKeySource.isEmpty()) {
            // A key without a URL: checked all the same (its error names its source).
            const StreamKey::Checked key = StreamKey::check(rawKey, cl.streamKeySource);
            if (!key.ok()) {
                *error = key.error;
                return std::nullopt;
            }
            cl.streamKey = key.key;
        }
        if (!cl.streamUrl.isEmpty())
            cl.destinations.append({ cl.streamUrl, cl.streamKey, cl.streamKeySource, bitrates.value(0) });
    }
    // --stream-canvas: one per --stream-url, in the same order (issue 11: vertical and horizontal).
    for (int i = 0; i < canvasArgs.size(); ++i) {
        const QString name = canvasArgs.size() == 1 && urls.size() <= 1
            ? QStringLiteral("--stream-canvas")
            : QStringLiteral("--stream-canvas #%1").arg(i + 1);
        const std::optional<DestinationCanvas> canvas = parseDestinationCanvas(canvasArgs.at(i));
        if (!canvas) {
            *error = QStringLiteral("%1: expected vertical or horizontal, got '%2'").arg(name, canvasArgs.at(i));
            return std::nullopt;
        }
        if (i < cl.destinations.size())
            cl.destinations[i].canvas = *canvas;
    }
    if (!canvasArgs.isEmpty() && canvasArgs.size() != std::max<qsizetype>(1, urls.size())) {
        *error = QStringLiteral("--stream-canvas is given %1 for %2 --stream-url: give one per URL, the Nth "
                                "for the Nth URL (vertical or horizontal)")
                     .arg(countOf(canvasArgs.size(), QStringLiteral("time"), QStringLiteral("times")))
                     .arg(urls.size());
        return std::nullopt;
    }

    std::stable_sort(
        cl.pins.begin(), cl.pins.end(), [](const auto& a, const auto& b) { return a.atSeconds < b.atSeconds; });
    std::sort(cl.unpinTimes.begin(), cl.unpinTimes.end());
    std::stable_sort(
        cl.switches.begin(), cl.switches.end(), [](const auto& a, const auto& b) { return a.atSeconds < b.atSeconds; });
    std::stable_sort(cl.flashSales.begin(), cl.flashSales.end(),
        [](const auto& a, const auto& b) { return a.atSeconds < b.atSeconds; });
    std::stable_sort(cl.announcements.begin(), cl.announcements.end(),
        [](const auto& a, const auto& b) { return a.atSeconds < b.atSeconds; });
    std::sort(cl.announcementClearTimes.begin(), cl.announcementClearTimes.end());
    std::stable_sort(cl.stockChanges.begin(), cl.stockChanges.end(),
        [](const auto& a, const auto& b) { return a.atSeconds < b.atSeconds; });

    if (headless) {
        cl.mode = Mode::Headless;
        for (const char* flag : { "--auto-advance", "--resume", "--rehearsal" }) {
            if (seen.contains(QLatin1String(flag)) && cl.showName.isEmpty()) {
                *error = QStringLiteral("%1 needs --show NAME (the show whose queue to run)").arg(QLatin1String(flag));
                return std::nullopt;
            }
        }
        if (cl.rehearsal && !cl.streamUrl.isEmpty()) {
            *error = QStringLiteral("--rehearsal streams nothing: leave out --stream-url (and the key)");
            return std::nullopt;
        }
        if (cl.rehearsal && cl.recordFile.isEmpty()) {
            *error = QStringLiteral("--rehearsal needs --record FILE: a rehearsal streams nothing, its recording is "
                                    "what it makes");
            return std::nullopt;
        }
        if (cl.clips && cl.recordFile.isEmpty()) {
            *error = QStringLiteral("--clips needs --record FILE: the clips are cut from the recording");
            return std::nullopt;
        }
        if (!cl.keepOriginalRecording && cl.recordFile.isEmpty()) {
            *error = QStringLiteral("--remove-original needs --record FILE: it removes FILE once its MP4 is checked");
            return std::nullopt;
        }
        if (cl.streamUrl.isEmpty() && cl.recordFile.isEmpty()) {
            *error = QStringLiteral("--headless needs --stream-url URL and --stream-key KEY (or --record FILE)");
            return std::nullopt;
        }
        if (!cl.streamUrl.isEmpty() && cl.streamKey.isEmpty()) {
            *error = QStringLiteral(
                "--stream-url needs a stream key: --stream-key KEY, --stream-key-file FILE or PINSTAGE_STREAM_KEY");
            return std::nullopt;
        }
        if (cl.durationSeconds) {
            for (const ScheduledPin& pin : std::as_const(cl.pins)) {
                if (pin.atSeconds >= *cl.durationSeconds) {
                    *error = QStringLiteral("--pin %1@%2: the stream ends at %3 s, before that time")
                                 .arg(pin.sku)
                                 .arg(pin.atSeconds)
                                 .arg(*cl.durationSeconds);
                    return std::nullopt;
                }
            }
            for (double t : std::as_const(cl.unpinTimes)) {
                if (t >= *cl.durationSeconds) {
                    *error = QStringLiteral("--unpin-at %1: the stream ends at %2 s, before that time")
                                 .arg(t)
                                 .arg(*cl.durationSeconds);
                    return std::nullopt;
                }
            }
            for (const ScheduledSwitch& cue : std::as_const(cl.switches)) {
                if (cue.atSeconds >= *cl.durationSeconds) {
                    *error = QStringLiteral("--switch %1@%2: the stream ends at %3 s, before that time")
                                 .arg(cue.scene)
                                 .arg(cue.atSeconds)
                                 .arg(*cl.durationSeconds);
                    return std::nullopt;
                }
            }
            const auto late = [&](const QString& cue) {
                *error
                    = QStringLiteral("%1: the stream ends at %2 s, before that time").arg(cue).arg(*cl.durationSeconds);
            };
            for (const ScheduledFlashSale& cue : std::as_const(cl.flashSales)) {
                if (cue.atSeconds >= *cl.durationSeconds) {
                    late(QStringLiteral("--flash-sale %1@%2+%3")
                             .arg(cue.sku)
                             .arg(cue.atSeconds)
                             .arg(cue.durationSeconds));
                    return std::nullopt;
                }
            }
            for (const ScheduledAnnouncement& cue : std::as_const(cl.announcements)) {
                if (cue.atSeconds >= *cl.durationSeconds) {
                    late(QStringLiteral("--announce %1@%2").arg(cue.text).arg(cue.atSeconds));
                    return std::nullopt;
                }
            }
            for (double t : std::as_const(cl.announcementClearTimes)) {
                if (t >= *cl.durationSeconds) {
                    late(QStringLiteral("--announce-clear-at %1").arg(t));
                    return std::nullopt;
                }
            }
            for (const ScheduledStock& cue : std::as_const(cl.stockChanges)) {
                if (cue.atSeconds >= *cl.durationSeconds) {
                    late(QStringLiteral("--stock %1=%2@%3").arg(cue.sku).arg(cue.units).arg(cue.atSeconds));
                    return std::nullopt;
                }
            }
        }
    } else {
        if (urls.size() > 1) {
            *error = QStringLiteral("--stream-url is given %1 times: several destinations from the command line only "
                                    "work with --headless (the window's destination dialog has Also stream to)")
                         .arg(urls.size());
            return std::nullopt;
        }
        for (const QString& flag : kHeadlessOnly) {
            if (seen.contains(flag)) {
                *error = QStringLiteral("%1 only works with --headless").arg(flag);
                return std::nullopt;
            }
        }
        if (cl.libobsReconnectBaseline) {
            *error = QStringLiteral("--bench-libobs-reconnect only works with --headless (it is for the "
                                    "reconnect benchmark, tests/bench/bench_reconnect)");
            return std::nullopt;
        }
        if (cl.clips) {
            *error = QStringLiteral("--clips only works with --headless (the window has Show > Cut clips…)");
            return std::nullopt;
        }
        if (!cl.keepOriginalRecording) {
            *error = QStringLiteral("--remove-original only works with --headless (the window's Settings > "
                                    "Recording has the same choice)");
            return std::nullopt;
        }
    }
    return cl;
}

QString CommandLine::usage()
{
    return QStringLiteral(
        "Usage:\n"
        "  pinstage [--data-dir DIR] [--canvas WxH] [--fps N] [--camera DEVICE|none] [--mic DEVICE|none]\n"
        "           [--title TEXT] [--scene-collection FILE] [--scene NAME] [--encoder-profile live-selling|quality]\n"
        "           [--keyframe-seconds N] [--card-template NAME] [--promo-code TEXT] [--shop-url URL]\n"
        "           [--stream-url URL] [--stream-key KEY | --stream-key-file FILE] [--verbose]\n"
        "      Opens the studio window.\n"
        "  pinstage --headless --stream-url URL [--stream-key KEY | --stream-key-file FILE]\n"
        "           [--stream-canvas vertical|horizontal] [--stream-bitrate KBPS]   (these four once per destination)\n"
        "           [--duration SECONDS] [--record FILE] [--clips] [--remove-original]\n"
        "           [--canvas WxH] [--fps N] [--keyframe-seconds N] [--encoder-profile live-selling|quality]\n"
        "           [--data-dir DIR] [--scene-collection FILE] [--scene NAME] [--switch SCENE@SECONDS]...\n"
        "           [--mic DEVICE|none] [--title TEXT] [--card-template NAME] [--promo-code TEXT] [--shop-url URL]\n"
        "           [--pin SKU@SECONDS]... [--unpin-at SECONDS]... [--flash-sale SKU@SECONDS+DURATION]...\n"
        "           [--stock SKU=N@SECONDS]... [--announce TEXT@SECONDS]... [--announce-clear-at SECONDS]...\n"
        "           [--show NAME [--auto-advance SECONDS] [--resume]]\n"
        "           [--stop-destination N@SECONDS]... [--upload-kbps KBPS] [--reconnect-tries N]\n"
        "           [--horizontal-canvas WxH] [--horizontal-scene NAME] [--verbose]\n"
        "      Streams the show's scenes without a window, pins, unpins and switches scenes at those stream times,\n"
        "      prints one JSON line of final statistics and exits 0 (1: the stream failed, 2: bad usage).\n"
        "  pinstage --headless --show NAME --rehearsal --record FILE [--auto-advance SECONDS] [--resume] ...\n"
        "      Rehearses the show: the same run of the queue, recorded but not streamed, marked as a rehearsal.\n"
        "  pinstage catalog import|search|export|stats|images|help ...   (see pinstage catalog --help)\n"
        "  pinstage scenes list [--json] [--data-dir DIR] [--scene-collection FILE]\n"
        "      Prints the scene collection's scenes and their sources.\n"
        "  pinstage show create NAME [--add CODE[:SALE_SECONDS]]... | show list [--json] | show delete NAME   "
        "[--data-dir DIR]\n"
        "      Creates, lists or deletes shows and their run-of-show queues (stored in the catalog).\n"
        "  pinstage show export NAME|LOG --format csv|json|chapters [--output FILE] [--data-dir DIR]\n"
        "      Writes the show log of the show's latest run: a spreadsheet, JSON, or YouTube chapters.\n"
        "  pinstage show clips NAME|LOG --recording FILE [--output DIR] [--data-dir DIR]\n"
        "      Cuts FILE (a recording, or its MP4) into one clip per product taken to air, at keyframes and\n"
        "      without re-encoding, using the show log LOG (or the latest run's of the show NAME); into DIR\n"
        "      (default: FILE's name with -clips, next to it).\n"
        "\n"
        "Options:\n"
        "  --data-dir DIR         catalog, images, logs (default: ~/.local/share/Pinstage)\n"
        "  --canvas WxH           program size, even numbers (default 1080x1920)\n"
        "  --fps N                frames per second, 1-120 (default 30)\n"
        "  --camera DEVICE|none   V4L2 device (default: the first one; none: the test pattern)\n"
        "  --mic DEVICE|none      microphone: a PulseAudio source name (default: the system's default\n"
        "                         input; none: no microphone)\n"
        "  --title TEXT           the show title drawn on the program\n"
        "  --scene-collection FILE  the scenes to use (default: DATA_DIR/scenes.json, made on the first start)\n"
        "  --scene NAME           the scene on the program at start (default: the collection's)\n"
        "  --switch SCENE@SECONDS headless: put SCENE on the program at that stream time (repeatable)\n"
        "  --encoder-profile live-selling|quality\n"
        "                         x264 for the stream and the recording: live-selling (default) sends each\n"
        "                         frame as soon as it is encoded (no B-frames, no lookahead); quality\n"
        "                         compresses better and holds about half a second of frames\n"
        "  --stream-url URL       the ingest server: rtmp[s]://HOST[:PORT]/APP (a whole ingest address,\n"
        "                         with the key after APP, is split into server and key), or\n"
        "                         srt://HOST:PORT[?passphrase=...] (SRT: the key is sent as the stream id)\n"
        "  --stream-key KEY       the stream key (prefer --stream-key-file or PINSTAGE_STREAM_KEY:\n"
        "                         a key on the command line is visible to other local users)\n"
        "  --stream-key-file FILE read the stream key from FILE\n"
        "                         (every source: whitespace around the key is removed; inside it, refused)\n"
        "                         headless: repeat --stream-url with one key each for several destinations\n"
        "                         at once; the Nth key (either flag) belongs to the Nth URL\n"
        "  --stream-bitrate KBPS  headless: the Nth destination's video bitrate (one per --stream-url; 0: the\n"
        "                         show's); the same bitrate shares one encoder\n"
        "  --stop-destination N@SECONDS  headless: stop destination N alone at that stream time (repeatable)\n"
        "  --stream-canvas vertical|horizontal  headless: the picture the Nth destination receives (one per\n"
        "                         --stream-url; default vertical): the program, or the horizontal canvas\n"
        "  --horizontal-canvas WxH  the horizontal canvas's size, even numbers (default 1920x1080), at --fps\n"
        "  --horizontal-scene NAME  the scene on the horizontal canvas (default: the collection's first scene\n"
        "                         made for it, else a \"Landscape\" scene added: camera, logo, title, card)\n"
        "  --upload-kbps KBPS     headless: the measured upload; warns when the destinations need more\n"
        "  --reconnect-tries N    headless: give up a destination after N failed tries in a row (after a\n"
        "                         drop, or a refused first connect); 0, the default: never give up\n"
        "  --duration SECONDS     headless: end the show after SECONDS on air, counted from going live\n"
        "                         (default: until Ctrl+C); a show not live SECONDS after Go Live ends then, exit 1\n"
        "  --record FILE          also record the program into FILE (.mkv, .mp4, .flv); when it stops it is\n"
        "                         remuxed (no re-encoding) to an MP4 beside it (show.mkv -> show.mp4) with\n"
        "                         one chapter per product\n"
        "  --keyframe-seconds N   seconds between keyframes, 1-10 (default 2; clips are cut at keyframes)\n"
        "  --clips                headless, with --record: also cut one clip per product (FILE-clips/)\n"
        "  --remove-original      headless, with --record: remove FILE once its MP4 (and clips) are checked\n"
        "  --pin SKU@SECONDS      headless: pin the product SKU at that stream time (repeatable)\n"
        "  --unpin-at SECONDS     headless: take the card off at that stream time (repeatable)\n"
        "  --card-template NAME   the product card's template: lower-third, corner or spotlight\n"
        "  --flash-sale SKU@SECONDS+DURATION\n"
        "                         headless: at that stream time pin SKU (if not up) with a mm:ss countdown of\n"
        "                         DURATION seconds; then \"Sale ended\" and the regular price (repeatable)\n"
        "  --stock SKU=N@SECONDS  headless: SKU has N units left from that stream time; shown live on its card,\n"
        "                         decreases during its flash sale count as sold (repeatable)\n"
        "  --promo-code TEXT      a promo code shown on every card (\"CODE TEXT\"; at most 24 characters)\n"
        "  --shop-url URL         the shop's http(s) address: each card shows a QR code of its product page,\n"
        "                         URL/products/HANDLE (at most 100 characters; no '?' or '#' part)\n"
        "  --announce TEXT@SECONDS  headless: show TEXT in the announcement bar at that stream time (scrolling\n"
        "                         when it is too long for the bar; repeatable)\n"
        "  --announce-clear-at SECONDS  headless: clear the announcement bar at that stream time (repeatable)\n"
        "  --show NAME            headless: run the show NAME's queue (pinstage show create): its first card\n"
        "                         goes on air when the stream is live, each with its flash sale and stock\n"
        "  --auto-advance SECONDS headless, with --show: take the next card every SECONDS (1-86400); after\n"
        "                         the last card's SECONDS the card comes down and the show ends; with\n"
        "                         --duration the stream goes on without a card until the duration\n"
        "  --resume               headless, with --show: continue the show's interrupted run (a crash, a kill)\n"
        "                         where it stopped: same queue, card on air, Next up and flash-sale time left,\n"
        "                         the same show log continued\n"
        "  --rehearsal            headless, with --show and --record: no stream, only the recording; the run\n"
        "                         and every line of its show log are marked as a rehearsal\n"
        "  --verbose              also print the engine log on stderr\n"
        "  --help, --version\n");
}

} // namespace pinstage
