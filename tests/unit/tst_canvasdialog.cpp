// SPDX-License-Identifier: GPL-2.0-or-later
// The window's part of the horizontal second canvas (issue 11 item 2): the destination dialog's Canvas
// choice (a landscape platform suggests horizontal, a vertical one vertical; saved with the
// destination and chosen again when it is selected), and Go Live handing the chosen canvas to the
// show. Fake outputs; a MemorySecretStore for the keychain.
#include "dialogs/DestinationDialog.h"
#include "settings/DestinationBook.h"
#include "settings/MemorySecretStore.h"
#include "settings/Settings.h"
#include "show/CardStage.h"
#include "show/ShowController.h"
#include "util/Clock.h"
#include "widgets/LiveControls.h"

#include <QComboBox>
#include <QDir>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace pinstage;

namespace {

class FakeOutputs final : public ShowOutputs {
public:
    QList<DestinationSpec> started;
    bool startStream(const StreamTarget& target, QString* error) override
    {
        return startStreams({ DestinationSpec { {}, target, 0 } }, error);
    }
    bool startStreams(const QList<DestinationSpec>& destinations, QString*) override
    {
        started = destinations;
        beginDestinations(destinations, QList<int>(destinations.size(), 0), QList<int>(destinations.size(), 4500));
        return true;
    }
    void stopStream() override { }
    bool isStreaming() const override { return destinationsRunning(); }
    bool startRecording(const QString&, QString*) override { return true; }
    void stopRecording() override { }
    bool isRecording() const override { return false; }
    OutputStats snapshot() const override { return {}; }
    void setReconnectPolicy(int, int) override { }
};

class NoCards final : public CardStage {
public:
    void stage(quint64, const QString&, const QDateTime&) override { }
    void clear() override { }
};

} // namespace

class tst_CanvasDialog : public QObject {
    Q_OBJECT

private slots:
    void presetSuggestsTheCanvasAndItIsSaved()
    {
        QTemporaryDir dir;
        Settings settings(dir.filePath(QStringLiteral("pinstage.ini")));
        QVERIFY(settings.load());
        MemorySecretStore keychain;
        DestinationBook book(settings, keychain);
        QSignalSpy saved(&book, &DestinationBook::saved);
        {
            DestinationDialog dialog(StreamTarget {}, &book);
            QComboBox* canvas = dialog.canvasBox();
            QVERIFY(canvas);
            QCOMPARE(dialog.canvas(), DestinationCanvas::Vertical); // the program, by default
            QVERIFY(dialog.choosePreset(QStringLiteral("youtube-rtmps")));
            QCOMPARE(dialog.canvas(), DestinationCanvas::Horizontal);
            QVERIFY(dialog.choosePreset(QStringLiteral("tiktok-live")));
            QCOMPARE(dialog.canvas(), DestinationCanvas::Vertical);
            QVERIFY(dialog.choosePreset(QStringLiteral("facebook-live")));
            QCOMPARE(dialog.canvas(), DestinationCanvas::Horizontal);
            // The seller may still choose otherwise (Facebook plays vertical videos too).
            dialog.setCanvas(DestinationCanvas::Vertical);
            QCOMPARE(canvas->currentText(), QStringLiteral("Vertical 9:16 (the program)"));
            dialog.setCanvas(DestinationCanvas::Horizontal);
            QCOMPARE(canvas->currentText(), QStringLiteral("Horizontal 16:9 (the landscape scene)"));
            const QString shots = qEnvironmentVariable("PINSTAGE_SCREENSHOT_DIR");
            if (!shots.isEmpty()) {
                dialog.resize(dialog.sizeHint());
                dialog.grab().save(QDir(shots).filePath(QStringLiteral("destination-dialog-canvas.png")));
            }
        }
        book.save({ QStringLiteral("YouTube"), QStringLiteral("rtmp://a.rtmp.youtube.com/live2"),
                      QStringLiteral("youtube-rtmps"), DestinationCanvas::Horizontal },
            QStringLiteral("yt_key_2"), true);
        book.save({ QStringLiteral("TikTok"), QStringLiteral("rtmp://push.tiktok.example/live") },
            QStringLiteral("tt_key_1"), true);
        QTRY_COMPARE(saved.size(), 2);
        QCOMPARE(settings.destination(QStringLiteral("YouTube"))->canvas, DestinationCanvas::Horizontal);

        DestinationDialog again(StreamTarget {}, &book);
        again.selectDestination(QStringLiteral("YouTube"));
        QCOMPARE(again.canvas(), DestinationCanvas::Horizontal);
        again.selectDestination(QStringLiteral("TikTok"));
        QCOMPARE(again.canvas(), DestinationCanvas::Vertical);
    }

    void goLiveHandsTheCanvasToTheShow()
    {
        FakeOutputs outputs;
        NoCards cards;
        ShowController show(outputs, cards, Clock::system(), nullptr);
        LiveControls live(show);
        live.setStreamTarget({ QStringLiteral("rtmp://a.rtmp.youtube.com/live2"), QStringLiteral("yt_key_2") });
        live.setStreamCanvas(DestinationCanvas::Horizontal);
        live.setExtraDestinations({ DestinationSpec { QStringLiteral("TikTok"),
            { QStringLiteral("rtmp://push.tiktok.example/live"), QStringLiteral("tt_key_1") }, 0 } });
        live.goLive();
        QCOMPARE(outputs.started.size(), 2);
        QCOMPARE(outputs.started.at(0).canvas, DestinationCanvas::Horizontal);
        QCOMPARE(outputs.started.at(1).canvas, DestinationCanvas::Vertical);
        QCOMPARE(outputs.destinations().at(0).canvas, DestinationCanvas::Horizontal);
    }

    void goLiveAloneOnTheHorizontalCanvas()
    {
        FakeOutputs outputs;
        NoCards cards;
        ShowController show(outputs, cards, Clock::system(), nullptr);
        LiveControls live(show);
        live.setStreamTarget({ QStringLiteral("rtmp://a.rtmp.youtube.com/live2"), QStringLiteral("yt_key_2") });
        live.setStreamCanvas(DestinationCanvas::Horizontal);
        live.goLive();
        QCOMPARE(outputs.started.size(), 1);
        QCOMPARE(outputs.started.front().canvas, DestinationCanvas::Horizontal);
    }
};

QTEST_MAIN(tst_CanvasDialog)
#include "tst_canvasdialog.moc"
