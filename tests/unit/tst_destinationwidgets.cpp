// SPDX-License-Identifier: GPL-2.0-or-later
// Several destinations in the window (issue 11 items 1 and 8): the destination dialog's "Also
// stream to" boxes (one per other saved destination), LiveControls going live to all of them at
// once through the show controller, and the status bar's per-destination health (bitrate,
// dropped frames, congestion, reconnects; issue 11 item 4: the retry countdown, Reconnect now,
// the failure's reason). Fake outputs; a MemorySecretStore for the keychain.
// With PINSTAGE_SCREENSHOT_DIR set, the dialog and the status bar are saved there as PNGs.
#include "MemoryDestinationBook.h"
#include "ShowFakes.h"

#include "MessageBox.h"
#include "dialogs/DestinationDialog.h"
#include "dialogs/DestinationListDialog.h"
#include "settings/KeyFile.h"
#include "settings/Settings.h"
#include "widgets/ElidingLabel.h"
#include "widgets/LiveControls.h"
#include "widgets/StatsBar.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include <algorithm>

using namespace pinstage;

namespace {

void screenshot(QWidget* widget, const QString& name)
{
    const QString dir = qEnvironmentVariable("PINSTAGE_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        widget->grab().save(QDir(dir).filePath(name));
}

DestinationStatus status(const QString& name, DestinationStatus::State state, qint64 at, quint64 bytes, quint64 frames,
    quint64 dropped, int reconnects)
{
    DestinationStatus s;
    s.name = name;
    s.state = state;
    s.takenAtMs = at;
    s.bytes = bytes;
    s.frames = frames;
    s.dropped = dropped;
    s.reconnects = reconnects;
    return s;
}

} // namespace

class TestDestinationWidgets : public QObject {
    Q_OBJECT

private slots:
    void dialogOffersTheOtherSavedDestinations()
    {
        test::MemoryDestinationBook destinations;
        QVERIFY(destinations.loaded);
        DestinationBook& book = destinations.book;
        book.save({ QStringLiteral("YouTube"), QStringLiteral("rtmp://a.rtmp.youtube.com/live2") },
            QStringLiteral("yt_key_2"), true);
        book.save({ QStringLiteral("Backup"), QStringLiteral("rtmp://backup.example/live") },
            QStringLiteral("bk_key_3"), true);
        book.save({ QStringLiteral("TikTok"), QStringLiteral("rtmp://push.tiktok.example/live") },
            QStringLiteral("tt_key_1"), true);
        QTRY_COMPARE(destinations.saved.size(), 3);

        DestinationDialog dialog(StreamTarget {}, &book);
        dialog.selectDestination(QStringLiteral("TikTok"));
        const QList<QCheckBox*> boxes = dialog.findChildren<QCheckBox*>(QStringLiteral("alsoStreamTo"));
        QCOMPARE(boxes.size(), 3);
        // The destination being edited is not offered as an extra.
        for (QCheckBox* box : boxes)
            QCOMPARE(box->isVisibleTo(&dialog), box->text() != QLatin1String("TikTok"));
        dialog.setAlsoStreamTo({ QStringLiteral("YouTube"), QStringLiteral("Backup"), QStringLiteral("TikTok") });
        QCOMPARE(dialog.alsoStreamTo(), (QStringList { QStringLiteral("YouTube"), QStringLiteral("Backup") }));
        for (QCheckBox* box : boxes) {
            if (box->text() == QLatin1String("Backup"))
                box->setChecked(false);
        }
        QCOMPARE(dialog.alsoStreamTo(), QStringList { QStringLiteral("YouTube") });
        dialog.resize(dialog.sizeHint());
        screenshot(&dialog, QStringLiteral("destination-dialog-also-stream-to.png"));
    }

    // Issue 8's trial: File ▸ Destinations and stream keys… opened one destination; with several
    // saved the seller could not see them all, and none could be deleted.
    void destinationListAddsEditsAndRemoves()
    {
        test::MemoryDestinationBook destinations;
        QVERIFY(destinations.loaded);
        DestinationBook& book = destinations.book;
        book.save({ QStringLiteral("Local test"), QStringLiteral("rtmp://127.0.0.1/live") }, QStringLiteral("lt_key_1"),
            true);
        book.save({ QStringLiteral("YouTube"), QStringLiteral("rtmps://a.rtmps.youtube.com:443/live2"),
                      QStringLiteral("youtube-rtmps"), DestinationCanvas::Horizontal },
            QStringLiteral("yt_key_2"), true);
        book.save({ QStringLiteral("TikTok"), QStringLiteral("rtmp://push.tiktok.example/live"),
                      PlatformPresets::tikTokLiveId() },
            QStringLiteral("tt_key_3"), true);
        QTRY_COMPARE(destinations.saved.size(), 3);
        destinations.saved.clear();

        DestinationListDialog list(book);
        list.show();
        QVERIFY(QTest::qWaitForWindowExposed(&list));
        QCOMPARE(list.names(),
            (QStringList { QStringLiteral("Local test"), QStringLiteral("YouTube"), QStringLiteral("TikTok") }));
        QCOMPARE(list.currentName(), QStringLiteral("TikTok")); // the one Go Live streams to
        const auto itemText = [&list](const QString& name) {
            return list.list()->item(static_cast<int>(list.names().indexOf(name)))->text();
        };
        QVERIFY2(itemText(QStringLiteral("TikTok")).contains(QStringLiteral("Go Live streams here")),
            qPrintable(itemText(QStringLiteral("TikTok"))));
        QVERIFY2(itemText(QStringLiteral("Local test")).startsWith(QStringLiteral("Local test — 127.0.0.1"))
                && itemText(QStringLiteral("Local test")).contains(QStringLiteral("127.0.0.1")),
            qPrintable(itemText(QStringLiteral("Local test"))));
        for (const QString& name : list.names()) // never a key
            QVERIFY2(!itemText(name).contains(QStringLiteral("_key_")), qPrintable(itemText(name)));
        screenshot(&list, QStringLiteral("destination-list.png"));

        // Edit: the form of the highlighted one, its key from the keychain; Save updates it.
        QVERIFY(list.setCurrentName(QStringLiteral("YouTube")));
        QTest::mouseClick(list.editButton(), Qt::LeftButton);
        // Guarded: the form deletes itself once closed.
        QPointer<DestinationDialog> edit = list.findChild<DestinationDialog*>();
        QVERIFY(edit);
        QTRY_VERIFY(edit->isVisible());
        QCOMPARE(edit->nameBox()->currentText(), QStringLiteral("YouTube"));
        QCOMPARE(edit->presetId(), QStringLiteral("youtube-rtmps"));
        QCOMPARE(edit->canvas(), DestinationCanvas::Horizontal);
        QTRY_COMPARE(edit->keyEdit()->text(), QStringLiteral("yt_key_2"));
        edit->urlEdit()->setText(QStringLiteral("rtmp://a.rtmp.youtube.com/live2"));
        edit->accept();
        QTRY_COMPARE(destinations.saved.size(), 1);
        QCOMPARE(destinations.settings.destination(QStringLiteral("YouTube"))->url,
            QStringLiteral("rtmp://a.rtmp.youtube.com/live2"));
        QTRY_VERIFY(!edit); // closed and gone (reading it here was a use after free under ASan)
        QCOMPARE(list.names().size(), 3);
        QCOMPARE(list.currentName(), QStringLiteral("YouTube"));
        QVERIFY(itemText(QStringLiteral("YouTube")).contains(QStringLiteral("Go Live streams here")));

        // Add: an empty form (not the selected destination's), saved as a fourth.
        QTest::mouseClick(list.addButton(), Qt::LeftButton);
        DestinationDialog* add = nullptr;
        QTRY_VERIFY((add = list.findChild<DestinationDialog*>()) && add->isVisible());
        QVERIFY(add->nameBox()->currentText().isEmpty());
        QVERIFY(add->urlEdit()->text().isEmpty());
        QVERIFY(add->keyEdit()->text().isEmpty());
        QCOMPARE(add->presetId(), QStringLiteral("custom"));
        {
            // The selected destination's key, asked for when the form opened, must not arrive in
            // it. Barrier: the same look-up asked now is answered after the form's.
            QObject barrier;
            bool answered = false;
            book.loadKey(
                QStringLiteral("YouTube"), &barrier, [&answered](const SecretStore::Result&) { answered = true; });
            QTRY_VERIFY(answered);
        }
        QVERIFY(add->keyEdit()->text().isEmpty());
        QVERIFY(add->choosePreset(PlatformPresets::whatnotId()));
        add->urlEdit()->setText(QStringLiteral("rtmp://live.whatnot.example/app"));
        QTest::keyClicks(add->keyEdit(), QStringLiteral("wn_key_4"));
        add->accept();
        QTRY_COMPARE(list.names().size(), 4);
        QCOMPARE(list.currentName(), QStringLiteral("Whatnot"));

        // Remove: asked first, with the answers named; "Keep" keeps it.
        QVERIFY(list.setCurrentName(QStringLiteral("Local test")));
        QSignalSpy removed(&book, &DestinationBook::removed);
        MessageBox::setNextAnswer(QMessageBox::Cancel);
        QTest::mouseClick(list.removeButton(), Qt::LeftButton);
        QVERIFY2(MessageBox::lastAsked().buttons.contains(QStringLiteral("Remove"))
                && MessageBox::lastAsked().buttons.contains(QStringLiteral("Keep")),
            qPrintable(MessageBox::lastAsked().buttons.join(QLatin1Char('|'))));
        QCOMPARE(list.names().size(), 4);
        QVERIFY(destinations.settings.destination(QStringLiteral("Local test")));
        // "Yes": gone from the list and the settings file, and its key from this session and the keychain.
        MessageBox::setNextAnswer(QMessageBox::Yes);
        QTest::mouseClick(list.removeButton(), Qt::LeftButton);
        QVERIFY(!list.names().contains(QStringLiteral("Local test")));
        QVERIFY(!destinations.settings.destination(QStringLiteral("Local test")));
        QTRY_COMPARE(removed.size(), 1);
        QCOMPARE(removed.first().at(0).toString(), QStringLiteral("Local test"));
        QCOMPARE(removed.first().at(1).toString(), QString()); // nothing went wrong
        QFile file(destinations.settings.filePath());
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(!file.readAll().contains("Local test"));
        std::optional<SecretStore::Result> read;
        QObject context;
        book.loadKey(QStringLiteral("Local test"), &context, [&read](const SecretStore::Result& r) { read = r; });
        QTRY_VERIFY(read.has_value());
        QCOMPARE(read->status, SecretStore::Status::NotFound);
        QCOMPARE(destinations.keychain.size(), 3); // YouTube, TikTok, Whatnot
        // The others are untouched.
        QCOMPARE(list.names(),
            (QStringList { QStringLiteral("YouTube"), QStringLiteral("TikTok"), QStringLiteral("Whatnot") }));
        // Emptied: nothing to edit or remove, and the list says how to start.
        for (const QString& name : list.names()) {
            MessageBox::setNextAnswer(QMessageBox::Yes);
            QVERIFY(list.removeDestination(name));
        }
        QCOMPARE(list.list()->count(), 0);
        QVERIFY(!list.editButton()->isEnabled());
        QVERIFY(!list.removeButton()->isEnabled());
        QTRY_COMPARE(destinations.keychain.size(), 0);
        screenshot(&list, QStringLiteral("destination-list-empty.png"));
    }

    // Issue 8's trial (a): Add… under a saved name overwrote that destination and its key. A name
    // the seller typed is refused next to the Name field; Pinstage's own name gets a number.
    void addingUnderASavedNameNeverOverwrites()
    {
        test::MemoryDestinationBook destinations;
        QVERIFY(destinations.loaded);
        DestinationBook& book = destinations.book;
        book.save({ QStringLiteral("TikTok LIVE"), QStringLiteral("rtmp://push.tiktok.example/live"),
                      PlatformPresets::tikTokLiveId() },
            QStringLiteral("tt_key_1"), true);
        book.save(
            { QStringLiteral("Shop"), QStringLiteral("rtmp://127.0.0.1/live") }, QStringLiteral("shop_key"), true);
        QTRY_COMPARE(destinations.saved.size(), 2);
        destinations.saved.clear();
        const auto keyOf = [&book](const QString& name) {
            std::optional<SecretStore::Result> read;
            QObject context;
            book.loadKey(name, &context, [&read](const SecretStore::Result& r) { read = r; });
            if (!QTest::qWaitFor([&read] { return read.has_value(); }, 5000))
                return QStringLiteral("(no answer)");
            return read->value;
        };

        // Pinstage's automatic name: saved as "TikTok LIVE 2", the first one untouched.
        DestinationDialog add(StreamTarget {}, &book);
        add.startNewDestination();
        QVERIFY(add.choosePreset(PlatformPresets::tikTokLiveId()));
        QCOMPARE(add.nameBox()->currentText(), QStringLiteral("TikTok LIVE"));
        add.urlEdit()->setText(QStringLiteral("rtmp://push2.tiktok.example/live"));
        QTest::keyClicks(add.keyEdit(), QStringLiteral("tt_key_2"));
        add.accept();
        QCOMPARE(add.result(), int(QDialog::Accepted));
        QCOMPARE(add.destinationName(), QStringLiteral("TikTok LIVE 2"));
        QTRY_COMPARE(destinations.saved.size(), 1);
        QCOMPARE(destinations.settings.destination(QStringLiteral("TikTok LIVE"))->url,
            QStringLiteral("rtmp://push.tiktok.example/live"));
        QCOMPARE(destinations.settings.destination(QStringLiteral("TikTok LIVE 2"))->url,
            QStringLiteral("rtmp://push2.tiktok.example/live"));
        QCOMPARE(keyOf(QStringLiteral("TikTok LIVE")), QStringLiteral("tt_key_1"));
        QCOMPARE(keyOf(QStringLiteral("TikTok LIVE 2")), QStringLiteral("tt_key_2"));

        // A name the seller typed: refused next to the Name field, nothing stored changes.
        DestinationDialog typed(StreamTarget {}, &book);
        typed.startNewDestination();
        typed.show();
        QVERIFY(QTest::qWaitForWindowExposed(&typed));
        typed.nameBox()->setEditText(QStringLiteral("Shop"));
        typed.urlEdit()->setText(QStringLiteral("rtmp://10.0.0.9/live"));
        QTest::keyClicks(typed.keyEdit(), QStringLiteral("other_key"));
        typed.accept();
        QVERIFY(typed.isVisible());
        QVERIFY(typed.nameErrorLabel()->isVisible());
        QVERIFY2(typed.nameErrorLabel()->text().contains(
                     QStringLiteral("A destination named “Shop” exists: choose another name, or edit that one")),
            qPrintable(typed.nameErrorLabel()->text()));
        const QRect name(typed.nameBox()->mapTo(&typed, QPoint(0, 0)), typed.nameBox()->size());
        const QRect error(typed.nameErrorLabel()->mapTo(&typed, QPoint(0, 0)), typed.nameErrorLabel()->size());
        QVERIFY2(error.top() >= name.bottom() && error.top() - name.bottom() <= 12,
            qPrintable(QStringLiteral("name ends at %1, its error starts at %2").arg(name.bottom()).arg(error.top())));
        screenshot(&typed, QStringLiteral("destination-name-exists.png"));
        QCOMPARE(
            destinations.settings.destination(QStringLiteral("Shop"))->url, QStringLiteral("rtmp://127.0.0.1/live"));
        QCOMPARE(keyOf(QStringLiteral("Shop")), QStringLiteral("shop_key"));
        // Another name saves; editing "Shop" itself under its own name still saves it.
        typed.nameBox()->setEditText(QStringLiteral("Shop two"));
        QVERIFY(!typed.nameErrorLabel()->isVisible());
        typed.accept();
        QTRY_COMPARE(destinations.saved.size(), 2);
        DestinationDialog edit(StreamTarget {}, &book);
        edit.selectDestination(QStringLiteral("Shop"));
        QTRY_COMPARE(edit.keyEdit()->text(), QStringLiteral("shop_key"));
        edit.urlEdit()->setText(QStringLiteral("rtmp://127.0.0.2/live"));
        edit.accept();
        QCOMPARE(edit.result(), int(QDialog::Accepted));
        QTRY_COMPARE(destinations.saved.size(), 3);
        QCOMPARE(
            destinations.settings.destination(QStringLiteral("Shop"))->url, QStringLiteral("rtmp://127.0.0.2/live"));
    }

    // Issue 8's trial (b, c): TikTok LIVE → Whatnot kept TikTok's server; Whatnot → YouTube kept a
    // note naming Whatnot.
    void platformSwitchResetsServerAndNamesTheNewPlatform()
    {
        test::MemoryDestinationBook destinations;
        QVERIFY(destinations.loaded);
        DestinationDialog dialog(StreamTarget {}, &destinations.book);
        dialog.startNewDestination();
        QVERIFY(dialog.choosePreset(PlatformPresets::tikTokLiveId()));
        dialog.urlEdit()->setText(QStringLiteral("rtmp://push-rtmp-l11-sg01.tiktokcdn.com/game"));
        QTest::keyClicks(dialog.keyEdit(), QStringLiteral("tt-key"));
        QVERIFY(dialog.choosePreset(PlatformPresets::whatnotId()));
        QCOMPARE(dialog.urlEdit()->text(), QString());
        QVERIFY(dialog.urlNoteLabel()->isVisibleTo(&dialog));
        QCOMPARE(dialog.urlNoteLabel()->text(), QStringLiteral("Paste the server URL Whatnot gives you."));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        screenshot(&dialog, QStringLiteral("destination-server-note.png"));
        QVERIFY2(dialog.keyStatusLabel()->text().contains(QStringLiteral("Paste the key Whatnot gave you")),
            qPrintable(dialog.keyStatusLabel()->text()));
        // A server typed: its note goes.
        QTest::keyClicks(dialog.urlEdit(), QStringLiteral("rtmp://live.whatnot.example/app"));
        QVERIFY(!dialog.urlNoteLabel()->isVisibleTo(&dialog));
        // Whatnot → YouTube with the key still empty: the note names YouTube, not Whatnot.
        QVERIFY(dialog.choosePreset(QStringLiteral("youtube-rtmps")));
        QVERIFY(dialog.urlEdit()->text().contains(QStringLiteral("youtube")));
        QVERIFY(!dialog.urlNoteLabel()->isVisibleTo(&dialog));
        const QString note = dialog.keyStatusLabel()->text();
        QVERIFY2(dialog.keyStatusLabel()->isVisibleTo(&dialog) && note.contains(QStringLiteral("YouTube"))
                && !note.contains(QStringLiteral("Whatnot")),
            qPrintable(note));
        // A key typed: the note has done its work.
        QTest::keyClicks(dialog.keyEdit(), QStringLiteral("yt-key"));
        QVERIFY(!dialog.keyStatusLabel()->isVisibleTo(&dialog));
        // Custom keeps a URL the seller typed under it; a platform with its own server replaces it.
        dialog.startNewDestination();
        dialog.urlEdit()->setText(QStringLiteral("rtmp://live.whatnot.example/app"));
        QVERIFY(dialog.choosePreset(PlatformPresets::whatnotId()));
        QCOMPARE(dialog.urlEdit()->text(), QStringLiteral("rtmp://live.whatnot.example/app"));
    }

    // Issue 8's trial (d): on a computer without a keychain, every line says where the key is.
    void keyTextsSayWhereTheKeyReallyIs()
    {
        test::MemoryDestinationBook destinations;
        QVERIFY(destinations.loaded);
        DestinationBook& book = destinations.book;
        book.setKeychainBuilt(false);
        book.save(
            { QStringLiteral("Shop"), QStringLiteral("rtmp://127.0.0.1/live") }, QStringLiteral("shop_key"), false);
        QTRY_COMPARE(destinations.saved.size(), 1);
        QCOMPARE(book.keyPlace(QStringLiteral("Shop")), DestinationBook::KeyPlace::Session);
        DestinationDialog dialog(StreamTarget {}, &book);
        dialog.selectDestination(QStringLiteral("Shop"));
        QTRY_COMPARE(dialog.keyEdit()->text(), QStringLiteral("shop_key"));
        const QString loaded = dialog.keyStatusLabel()->text();
        QVERIFY2(!loaded.contains(QStringLiteral("keychain")) && loaded.contains(QStringLiteral("this session")),
            qPrintable(loaded));
        QVERIFY(dialog.keyKeepingLabel()->text().contains(QStringLiteral("without a keychain")));

        DestinationListDialog list(book);
        MessageBox::setNextAnswer(QMessageBox::Cancel);
        QVERIFY(!list.removeDestination(QStringLiteral("Shop")));
        const QString asked = MessageBox::lastAsked().text;
        QVERIFY2(!asked.contains(QStringLiteral("keychain")) && asked.contains(QStringLiteral("this session")),
            qPrintable(asked));
        QVERIFY(!list.removeButton()->toolTip().contains(QStringLiteral("keychain")));

        // The settings file's header names every place, not "the keychain" alone.
        QFile file(destinations.settings.filePath());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray header = file.readLine();
        QVERIFY2(header.contains("key file") && header.contains("until Pinstage quits"), header.constData());

        // With a keychain: the key is deleted from it, and the question says so.
        test::MemoryDestinationBook withKeychain;
        withKeychain.book.save(
            { QStringLiteral("Shop"), QStringLiteral("rtmp://127.0.0.1/live") }, QStringLiteral("shop_key"), true);
        QTRY_COMPARE(withKeychain.saved.size(), 1);
        DestinationListDialog other(withKeychain.book);
        MessageBox::setNextAnswer(QMessageBox::Cancel);
        QVERIFY(!other.removeDestination(QStringLiteral("Shop")));
        QVERIFY2(MessageBox::lastAsked().text.contains(withKeychain.keychain.description()),
            qPrintable(MessageBox::lastAsked().text));
    }

    // Issue 8's trial (e): removing Go Live's destination left none, with no way to choose one in
    // the list. "Use for Go Live" chooses; the list marks Go Live's and the "also stream to" ones.
    void listChoosesTheGoLiveDestination()
    {
        test::MemoryDestinationBook destinations;
        QVERIFY(destinations.loaded);
        DestinationBook& book = destinations.book;
        for (const QString& name : { QStringLiteral("A"), QStringLiteral("B"), QStringLiteral("C") })
            book.save({ name, QStringLiteral("rtmp://127.0.0.1/%1").arg(name) }, QStringLiteral("key_") + name, true);
        QTRY_COMPARE(destinations.saved.size(), 3);
        DestinationListDialog list(book);
        list.setAlsoStreamToSource([] { return QStringList { QStringLiteral("A") }; });
        list.show();
        QVERIFY(QTest::qWaitForWindowExposed(&list));
        const auto itemText = [&list](const QString& name) {
            return list.list()->item(static_cast<int>(list.names().indexOf(name)))->text();
        };
        QVERIFY(itemText(QStringLiteral("C")).contains(QStringLiteral("Go Live streams here")));
        QVERIFY2(itemText(QStringLiteral("A")).contains(QStringLiteral("Go Live also streams here")),
            qPrintable(itemText(QStringLiteral("A"))));
        QVERIFY(!list.useButton()->isEnabled()); // C, highlighted, is Go Live's already
        QVERIFY(!list.noGoLiveLabel()->isVisible());

        // Removing Go Live's: the list says so, and Use for Go Live chooses another.
        MessageBox::setNextAnswer(QMessageBox::Yes);
        QVERIFY(list.removeDestination(QStringLiteral("C")));
        QVERIFY2(MessageBox::lastAsked().text.contains(QStringLiteral("choose another one for Go Live")),
            qPrintable(MessageBox::lastAsked().text));
        QVERIFY(!book.selected());
        QVERIFY(list.noGoLiveLabel()->isVisible());
        QVERIFY(list.setCurrentName(QStringLiteral("B")));
        QVERIFY(list.useButton()->isEnabled());
        QSignalSpy chosen(&book, &DestinationBook::selectedChanged);
        QTest::mouseClick(list.useButton(), Qt::LeftButton);
        QCOMPARE(chosen.size(), 1);
        QCOMPARE(chosen.first().at(0).toString(), QStringLiteral("B"));
        QCOMPARE(book.selected()->name, QStringLiteral("B"));
        QCOMPARE(destinations.settings.selectedDestinationName(), QStringLiteral("B"));
        QVERIFY(itemText(QStringLiteral("B")).contains(QStringLiteral("Go Live streams here")));
        QVERIFY(!list.noGoLiveLabel()->isVisible());
        QVERIFY(!list.useButton()->isEnabled());
        screenshot(&list, QStringLiteral("destination-list-go-live.png"));
        // Saved to the file: a restart streams to it.
        Settings reread(destinations.settings.filePath());
        QVERIFY(reread.load());
        QCOMPARE(reread.selectedDestinationName(), QStringLiteral("B"));
    }

    // Issue 8's trial (f): the platform line named 1080x1920 for a horizontal destination.
    void platformLineNamesTheCanvasReceived()
    {
        test::MemoryDestinationBook destinations;
        QVERIFY(destinations.loaded);
        DestinationDialog dialog(StreamTarget {}, &destinations.book);
        QVERIFY(dialog.choosePreset(PlatformPresets::tikTokLiveId()));
        QVERIFY2(dialog.presetInfoLabel()->text().startsWith(QStringLiteral("1080x1920")),
            qPrintable(dialog.presetInfoLabel()->text()));
        dialog.setCanvas(DestinationCanvas::Horizontal);
        QVERIFY2(dialog.presetInfoLabel()->text().startsWith(QStringLiteral("1920x1080")),
            qPrintable(dialog.presetInfoLabel()->text()));
        destinations.settings.setHorizontalCanvas(QSize(1280, 720));
        DestinationDialog fromSettings(StreamTarget {}, &destinations.book);
        QVERIFY(fromSettings.choosePreset(QStringLiteral("youtube-rtmps"))); // a landscape platform
        QCOMPARE(fromSettings.canvas(), DestinationCanvas::Horizontal);
        QVERIFY2(fromSettings.presetInfoLabel()->text().startsWith(QStringLiteral("1280x720")),
            qPrintable(fromSettings.presetInfoLabel()->text()));
        fromSettings.setHorizontalCanvasSize(QSize(960, 540)); // the engine's (--horizontal-canvas)
        QVERIFY2(fromSettings.presetInfoLabel()->text().startsWith(QStringLiteral("960x540")),
            qPrintable(fromSettings.presetInfoLabel()->text()));
        fromSettings.setCanvas(DestinationCanvas::Vertical);
        QVERIFY2(fromSettings.presetInfoLabel()->text().contains(QStringLiteral("1080x1920")),
            qPrintable(fromSettings.presetInfoLabel()->text()));
    }

    // Issue 8's trial: another platform clears the key, and the dialog says why next to the field.
    void platformChangeSaysWhyTheKeyWent()
    {
        test::MemoryDestinationBook destinations;
        QVERIFY(destinations.loaded);
        DestinationDialog dialog(StreamTarget {}, &destinations.book);
        QVERIFY(dialog.choosePreset(QStringLiteral("youtube-rtmps")));
        QTest::keyClicks(dialog.keyEdit(), QStringLiteral("yt-key"));
        QVERIFY(dialog.choosePreset(PlatformPresets::tikTokLiveId()));
        QVERIFY(dialog.keyEdit()->text().isEmpty());
        QLabel* why = dialog.keyStatusLabel();
        QVERIFY(why->isVisibleTo(&dialog));
        QVERIFY2(why->text().contains(QStringLiteral("TikTok LIVE")), qPrintable(why->text()));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        // Right under the key field: nothing between them.
        const QRect key(dialog.keyEdit()->mapTo(&dialog, QPoint(0, 0)), dialog.keyEdit()->size());
        const QRect note(why->mapTo(&dialog, QPoint(0, 0)), why->size());
        QVERIFY2(note.top() >= key.bottom() && note.top() - key.bottom() <= 12,
            qPrintable(
                QStringLiteral("key field ends at %1, the note starts at %2").arg(key.bottom()).arg(note.top())));
        screenshot(&dialog, QStringLiteral("destination-key-cleared.png"));
    }

    // Removing a destination whose key is in the seller's key file (no keychain answers) takes
    // the key out of the file too.
    void removingADestinationEmptiesTheKeyFile()
    {
        test::MemoryDestinationBook destinations;
        QVERIFY(destinations.loaded);
        DestinationBook& book = destinations.book;
        QTemporaryDir data;
        const QString path = data.filePath(KeyFile::fileName());
        book.setKeychainBuilt(false); // no keychain: keys go to the file the seller opted into
        book.setKeyFilePath(path);
        QVERIFY(book.setKeyFileOptIn(true));
        book.save(
            { QStringLiteral("Shop"), QStringLiteral("rtmp://push.example/live") }, QStringLiteral("shop_key"), true);
        book.save({ QStringLiteral("Backup"), QStringLiteral("rtmp://backup.example/live") },
            QStringLiteral("backup_key"), true);
        QTRY_COMPARE(destinations.saved.size(), 2);
        KeyFile file(path);
        QString error;
        QCOMPARE(file.read(SecretStore::streamKeyId(QStringLiteral("Shop")), &error), QStringLiteral("shop_key"));
        QSignalSpy removed(&book, &DestinationBook::removed);
        QVERIFY(book.remove(QStringLiteral("Shop")));
        QVERIFY(!book.remove(QStringLiteral("No such destination")));
        QTRY_COMPARE(removed.size(), 1);
        QCOMPARE(file.read(SecretStore::streamKeyId(QStringLiteral("Shop")), &error), std::nullopt);
        QCOMPARE(file.read(SecretStore::streamKeyId(QStringLiteral("Backup")), &error), QStringLiteral("backup_key"));
    }

    // Issue 8's trial: one destination was named three ways ("→ 127.0.0.1", "Custom RTMP/RTMPS
    // server (127.0.0.1)", "Local test"). Its saved name everywhere; the host only without one.
    void oneNameForADestination()
    {
        QCOMPARE(destinationDisplayName(QStringLiteral(" Local test "), QStringLiteral("rtmp://127.0.0.1/live")),
            QStringLiteral("Local test"));
        QCOMPARE(destinationDisplayName(QString(), QStringLiteral("rtmp://127.0.0.1:1935/live")),
            QStringLiteral("127.0.0.1"));
        QCOMPARE(destinationDisplayName(QString(), QString()), QString());
        test::FakeShow rig;
        LiveControls live(rig.show);
        QPushButton* button = live.findChild<QPushButton*>(QStringLiteral("destinationButton"));
        QVERIFY(button);
        live.setStreamTarget(
            { QStringLiteral("rtmp://127.0.0.1/live"), QStringLiteral("k") }, QStringLiteral("Local test"));
        QCOMPARE(button->text(), QStringLiteral("→ Local test"));
        QCOMPARE(live.destinationName(), QStringLiteral("Local test"));
        live.setStreamTarget({ QStringLiteral("rtmp://127.0.0.1/live"), QStringLiteral("k") });
        QCOMPARE(button->text(), QStringLiteral("→ 127.0.0.1"));
        // Saved destinations have their names in the dialog too (the name a Save without one gets).
        DestinationDialog dialog(StreamTarget { QStringLiteral("rtmp://127.0.0.1/live"), {} });
        QCOMPARE(dialog.destinationName(), QStringLiteral("127.0.0.1"));
    }

    void liveControlsGoLiveToEveryDestination()
    {
        test::FakeShow rig;
        LiveControls live(rig.show);
        live.setStreamTarget({ QStringLiteral("rtmp://push.tiktok.example/live"), QStringLiteral("tt_key_1") });
        live.setExtraDestinations(
            { DestinationSpec { QStringLiteral("YouTube"),
                  { QStringLiteral("rtmp://a.rtmp.youtube.com/live2"), QStringLiteral("yt_2") }, 0 },
                DestinationSpec { QStringLiteral("Backup"),
                    { QStringLiteral("rtmp://backup.example/live"), QStringLiteral("bk_3") }, 0 } });
        QPushButton* button = live.findChild<QPushButton*>(QStringLiteral("destinationButton"));
        QVERIFY(button);
        QCOMPARE(button->text(), QStringLiteral("→ push.tiktok.example + 2 more"));
        live.goLive();
        QCOMPARE(rig.outputs.started.size(), 3);
        QCOMPARE(rig.outputs.started.at(1).name, QStringLiteral("YouTube"));
        QCOMPARE(rig.show.state(), ShowController::State::Connecting);
        rig.outputs.connected(2);
        QCOMPARE(rig.show.state(), ShowController::State::Live);
    }

    void statusBarShowsEachDestination()
    {
        test::FakeShow rig;
        StatsBar bar(rig.show);
        bar.setInterval(3'600'000); // the test samples by hand
        using S = DestinationStatus::State;
        bar.showDestinations({ status(QStringLiteral("TikTok"), S::Live, 1000, 0, 0, 0, 0),
            status(QStringLiteral("YouTube"), S::Live, 1000, 0, 0, 0, 0) });
        // One second later: TikTok sent 300 kB (2400 kb/s); YouTube dropped 6 of 30 frames and
        // reconnected once; then it is reconnecting.
        bar.showDestinations({ status(QStringLiteral("TikTok"), S::Live, 2000, 300'000, 30, 0, 0),
            status(QStringLiteral("YouTube"), S::Reconnecting, 2000, 150'000, 24, 6, 1) });
        const QString text = bar.text();
        const QLocale locale;
        QVERIFY2(text.contains(QStringLiteral("TikTok: %1 kb/s").arg(locale.toString(2400))), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("YouTube: reconnecting…, dropped 6, congestion 20 %, reconnects 1")),
            qPrintable(text));
        QLabel* label = bar.findChild<QLabel*>(QStringLiteral("stat_destinations"));
        QVERIFY(label && !label->isHidden());
        QCOMPARE(label->property("level").toInt(), 2); // red: a destination is away
        bar.resize(1400, bar.sizeHint().height());
        screenshot(&bar, QStringLiteral("statsbar-destinations.png"));
        // The show time, the reconnect count and the connection are never cut; the destinations'
        // entry gives way and ends in "…" (the trial found "On air 00:01:1" at 1600 px).
        bar.show();
        bar.resize(700, bar.sizeHint().height());
        QTRY_VERIFY(static_cast<ElidingLabel*>(label)->isElided());
        for (const QString& name : { QStringLiteral("stat_onAir"), QStringLiteral("stat_connection") }) {
            const QLabel* l = bar.findChild<QLabel*>(name);
            QVERIFY2(l->width() >= l->sizeHint().width(), qPrintable(name));
        }
        QVERIFY(label->toolTip().contains(QStringLiteral("YouTube: reconnecting…")));
        screenshot(&bar, QStringLiteral("statsbar-destinations-narrow.png"));
        // Every destination stopped (the show is over): no stale entries.
        bar.showDestinations({ status(QStringLiteral("TikTok"), S::Stopped, 3000, 0, 0, 0, 0),
            status(QStringLiteral("YouTube"), S::Stopped, 3000, 0, 0, 0, 0) });
        QVERIFY(label->isHidden());
        // One destination: the entry is hidden (the bar's own values say it all).
        bar.showDestinations({ status(QStringLiteral("TikTok"), S::Live, 3000, 0, 0, 0, 0) });
        QVERIFY(label->isHidden());
    }

    void statusBarRatesSpanARealTimeWindow()
    {
        // Issue 8: the status bar showed 163 fps right after a reconnect. libobs counts the frame
        // intervals a stalled graphics thread missed in one step (all but one of them lagged), and a
        // reconnected stream sends its queue in a burst: a rate over a short interval, or over the
        // raw interval counter, turns such a catch-up into a figure no canvas renders.
        test::FakeDestinationOutputs outputs;
        test::NoCards cards;
        ShowController show(outputs, cards, Clock::system(), nullptr);
        StatsBar bar(show);
        bar.setInterval(3'600'000); // the test samples by hand
        const auto snapshot = [](qint64 at, quint64 intervals, quint64 lagged, quint64 bytes) {
            OutputStats s;
            s.takenAtMs = at;
            s.framesRendered = intervals;
            s.framesLagged = lagged;
            s.bytesSent = bytes;
            s.streaming = true;
            return s;
        };
        // 30 fps and 2000 kb/s (250 kB a second), sampled once a second.
        bar.showStats(snapshot(10'000, 300, 0, 0));
        bar.showStats(snapshot(11'000, 330, 0, 250'000));
        QCOMPARE(qRound(bar.fps()), 30);
        QCOMPARE(qRound(bar.bitrateKbps()), 2000);
        // A sample only 50 ms later (a refresh that came early): still a rate over a second or more.
        bar.showStats(snapshot(11'050, 332, 0, 262'500));
        QVERIFY2(bar.fps() > 29 && bar.fps() <= 31, qPrintable(QString::number(bar.fps())));
        QVERIFY2(bar.bitrateKbps() > 1900 && bar.bitrateKbps() <= 2100, qPrintable(QString::number(bar.bitrateKbps())));
        // The graphics thread stalls for 4 s (the stream reconnects meanwhile), then renders one
        // frame: the interval counter jumps by 120, 119 of them lagged; the stream sends 1 MB of queue
        // in the next 60 ms.
        double highestFps = bar.fps();
        double highestKbps = bar.bitrateKbps();
        for (qint64 at : { 12'000, 13'000, 14'000 }) {
            bar.showStats(snapshot(at, 332, 0, 262'500));
            highestFps = std::max(highestFps, bar.fps());
        }
        bar.showStats(snapshot(15'040, 452, 119, 262'500));
        highestFps = std::max(highestFps, bar.fps());
        bar.showStats(snapshot(15'100, 454, 119, 1'262'500));
        highestFps = std::max(highestFps, bar.fps());
        highestKbps = std::max(highestKbps, bar.bitrateKbps());
        QVERIFY2(highestFps <= 31, qPrintable(QStringLiteral("%1 fps; %2").arg(highestFps).arg(bar.text())));
        // 1 MB over the second or more before it, not over 60 ms (133 Mb/s).
        QVERIFY2(highestKbps <= 8'500, qPrintable(QStringLiteral("%1 kb/s; %2").arg(highestKbps).arg(bar.text())));
        // Back to 30 fps once the window holds only rendered frames.
        bar.showStats(snapshot(16'100, 484, 119, 1'512'500));
        bar.showStats(snapshot(17'100, 514, 119, 1'762'500));
        QCOMPARE(qRound(bar.fps()), 30);
        QCOMPARE(qRound(bar.bitrateKbps()), 2000);
        // A new show: its stream's bytes count from 0 again; never a negative or huge rate.
        bar.showStats(snapshot(18'100, 544, 119, 0));
        QVERIFY(bar.bitrateKbps() >= 0 && bar.bitrateKbps() <= 2100);
        bar.showStats(snapshot(19'100, 574, 119, 250'000));
        QCOMPARE(qRound(bar.bitrateKbps()), 2000);

        // Each destination's bitrate too: a sample 50 ms after the last is measured from a second
        // before.
        using S = DestinationStatus::State;
        bar.showDestinations({ status(QStringLiteral("TikTok"), S::Live, 1000, 0, 0, 0, 0),
            status(QStringLiteral("YouTube"), S::Live, 1000, 0, 0, 0, 0) });
        bar.showDestinations({ status(QStringLiteral("TikTok"), S::Live, 2000, 250'000, 30, 0, 0),
            status(QStringLiteral("YouTube"), S::Live, 2000, 250'000, 30, 0, 0) });
        bar.showDestinations({ status(QStringLiteral("TikTok"), S::Live, 2050, 1'250'000, 32, 0, 0),
            status(QStringLiteral("YouTube"), S::Live, 2050, 262'500, 32, 0, 0) });
        const QLocale locale;
        QVERIFY2(
            bar.text().contains(QStringLiteral("TikTok: %1 kb/s").arg(locale.toString(9524))), qPrintable(bar.text()));
        QVERIFY2(
            bar.text().contains(QStringLiteral("YouTube: %1 kb/s").arg(locale.toString(2000))), qPrintable(bar.text()));
    }

    void statusBarReconnectsEachDestination()
    {
        // Issue 11 item 4: a destination waiting for its next try says when, with its own
        // Reconnect now button (through the show controller); a failed one says why.
        test::FakeShow rig;
        StatsBar bar(rig.show);
        bar.setInterval(3'600'000); // the test samples by hand
        QString error;
        QVERIFY2(rig.show.goLive(
                     { DestinationSpec { QStringLiteral("TikTok"),
                           { QStringLiteral("rtmp://push.tiktok.example/live"), QStringLiteral("tt_key_1") }, 0 },
                         DestinationSpec { QStringLiteral("YouTube"),
                             { QStringLiteral("rtmp://a.rtmp.youtube.com/live2"), QStringLiteral("yt_2") }, 0 } },
                     &error),
            qPrintable(error));
        rig.outputs.connected(0);
        rig.outputs.connected(1);
        QCOMPARE(rig.show.state(), ShowController::State::Live);
        bar.refresh();
        for (int i : { 0, 1 })
            QVERIFY(!bar.reconnectButton(i) || !bar.reconnectButton(i)->isVisibleTo(&bar));

        rig.outputs.waiting(1, 12, QStringLiteral("could not connect to the server"));
        bar.refresh();
        QVERIFY2(bar.text().contains(QStringLiteral("YouTube: reconnecting in 12 s")), qPrintable(bar.text()));
        QCOMPARE(rig.show.state(), ShowController::State::Live); // TikTok carries the show
        QToolButton* button = bar.reconnectButton(1);
        QVERIFY(button && button->isVisibleTo(&bar) && button->isEnabled());
        QCOMPARE(button->text(), QStringLiteral("Reconnect YouTube now"));
        QVERIFY(!bar.reconnectButton(0)->isVisibleTo(&bar));
        button->click();
        QCOMPARE(rig.outputs.reconnectNowAsked, QList<int> { 1 });
        // Every waiting destination at once (Show ▸ Reconnect now).
        QVERIFY(rig.show.reconnectNow());
        QCOMPARE(rig.outputs.reconnectNowAsked, (QList<int> { 1, -1 }));
        bar.resize(1400, bar.sizeHint().height());
        screenshot(&bar, QStringLiteral("statsbar-destination-reconnecting.png"));

        rig.outputs.failed(
            1, QStringLiteral("the server refused the stream key (not retried: retrying cannot fix this)"));
        bar.refresh();
        QVERIFY2(bar.text().contains(QStringLiteral("YouTube: failed: the server refused the stream key")),
            qPrintable(bar.text()));
        QVERIFY(!button->isVisibleTo(&bar));
    }
};

QTEST_MAIN(TestDestinationWidgets)
#include "tst_destinationwidgets.moc"
