// SPDX-License-Identifier: GPL-2.0-or-later
// The run of show in the window (issue 10), on a private Xvfb through the real Studio: the queue
// panel (adding from the catalog by Enter, scan and drag, drag reorder, keyboard operation), the
// catalog's Enter following the seller's setting, Take putting the card into the program picture,
// the libobs hotkeys fired by real key presses (XTest: the X server's keyboard state, which
// libobs's hotkey thread polls) also while another window has the focus, the host monitor, and
// the resume offer. Optionally writes the README's screenshots (PINSTAGE_SCREENSHOT_DIR).
#include "MainWindow.h"
#include "MessageBox.h"
#include "NginxRtmpServer.h"
#include "ProgramFrame.h"
#include "TestDisplay.h"
#include "TestDisplayMain.h"
#include "TestStudio.h"
#include "TestTempDir.h"
#include "XvfbServer.h"
#include "catalog/Catalog.h"
#include "components/QueueDelegate.h"
#include "dialogs/HotkeysDialog.h"
#include "docks/CatalogPanel.h"
#include "docks/QueuePanel.h"
#include "models/QueueModel.h"
#include "models/VariantListModel.h"
#include "obs/Hotkeys.h"
#include "overlay/CardPainter.h"
#include "overlay/ProductCardLayer.h"
#include "scene/SceneCollection.h"
#include "settings/MemorySecretStore.h"
#include "settings/Settings.h"
#include "show/RunOfShow.h"
#include "show/ShowBook.h"
#include "show/ShowController.h"
#include "show/Studio.h"
#include "widgets/LiveControls.h"
#include "widgets/NoticeBar.h"
#include "widgets/PreviewWidget.h"
#include "windows/HostMonitor.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QKeySequenceEdit>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScreen>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <obs.h>
#include <xcb/xcb.h>
#include <xcb/xtest.h>

#include <memory>

using namespace pinstage;
using namespace pinstage::test;

namespace {

// Real key presses: XTest makes the X server's keyboard state change as a keyboard would, so
// libobs's hotkey thread (which polls that state) sees them whatever window has the focus.
class XTestKeyboard {
public:
    XTestKeyboard()
    {
        m_conn = xcb_connect(nullptr, nullptr);
        if (xcb_connection_has_error(m_conn))
            return;
        const xcb_setup_t* setup = xcb_get_setup(m_conn);
        m_min = setup->min_keycode;
        const int count = setup->max_keycode - setup->min_keycode + 1;
        xcb_get_keyboard_mapping_reply_t* reply = xcb_get_keyboard_mapping_reply(
            m_conn, xcb_get_keyboard_mapping(m_conn, setup->min_keycode, uint8_t(count)), nullptr);
        if (!reply)
            return;
        const xcb_keysym_t* syms = xcb_get_keyboard_mapping_keysyms(reply);
        const int perCode = reply->keysyms_per_keycode;
        for (int i = 0; i < count * perCode; ++i)
            if (!m_codes.contains(syms[i]))
                m_codes.insert(syms[i], uint8_t(m_min + i / perCode));
        free(reply);
        // XTEST answers?
        xcb_test_get_version_reply_t* version
            = xcb_test_get_version_reply(m_conn, xcb_test_get_version(m_conn, 2, 2), nullptr);
        m_ok = version != nullptr;
        free(version);
    }
    ~XTestKeyboard()
    {
        if (m_conn)
            xcb_disconnect(m_conn);
    }
    bool isReady() const { return m_ok; }
    /// Presses (or releases) the key with X keysym SYM.
    bool key(xcb_keysym_t sym, bool press)
    {
        const auto it = m_codes.constFind(sym);
        if (it == m_codes.constEnd())
            return false;
        xcb_test_fake_input(
            m_conn, press ? XCB_KEY_PRESS : XCB_KEY_RELEASE, it.value(), XCB_CURRENT_TIME, XCB_NONE, 0, 0, 0);
        // A round trip: the server has applied the key before this returns.
        free(xcb_get_input_focus_reply(m_conn, xcb_get_input_focus(m_conn), nullptr));
        return true;
    }
    bool isDown(xcb_keysym_t sym)
    {
        const uint8_t code = m_codes.value(sym);
        xcb_query_keymap_reply_t* r = xcb_query_keymap_reply(m_conn, xcb_query_keymap(m_conn), nullptr);
        const bool down = r && (r->keys[code / 8] & (1 << (code % 8)));
        free(r);
        return down;
    }

private:
    xcb_connection_t* m_conn = nullptr;
    QHash<xcb_keysym_t, uint8_t> m_codes;
    int m_min = 8;
    bool m_ok = false;
};

constexpr xcb_keysym_t XK_F9 = 0xffc6;
constexpr xcb_keysym_t XK_Control_L = 0xffe3;
constexpr xcb_keysym_t XK_Shift_L = 0xffe1;
constexpr xcb_keysym_t XK_t = 0x0074;
constexpr xcb_keysym_t XK_Alt_L = 0xffe9;
constexpr xcb_keysym_t XK_k = 0x006b;

// Mean absolute difference per channel between FRAME at RECT and the opaque pixels of CARD.
double cardDifference(const QImage& frame, const QRect& rect, const QImage& card)
{
    const QImage f = frame.convertToFormat(QImage::Format_RGB32);
    const QImage c = card.convertToFormat(QImage::Format_ARGB32_Premultiplied);
    double sum = 0;
    qint64 n = 0;
    for (int y = 2; y < c.height() - 2; y += 2) {
        for (int x = 2; x < c.width() - 2; x += 2) {
            const QRgb expected = c.pixel(x, y);
            if (qAlpha(expected) < 255)
                continue;
            const QRgb got = f.pixel(rect.x() + x, rect.y() + y);
            sum += std::abs(qRed(got) - qRed(expected)) + std::abs(qGreen(got) - qGreen(expected))
                + std::abs(qBlue(got) - qBlue(expected));
            n += 3;
        }
    }
    return n ? sum / n : 255;
}

} // namespace

class tst_QueuePanel : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void init();

    void queueDockIsThere();
    void modelPassesTester();
    void enterOnSearchResultAddsToQueueByDefault();
    void enterPinsAtOnceWhenChosenAndRemembered();
    void dragFromCatalogAddsAtTheDropPlace();
    void dragReorderKeepsCue();
    void keyboardOperatesTheQueue();
    void takeShortcutPutsNextUpOnAir();
    void takePutsCardIntoProgramPicture();
    void hotkeyFiresFromAnotherWindow();
    void hotkeyBindingSavedLoadedAndPressed();
    void badHotkeyInSettingsIsReported();
    void sceneHotkeyBoundInDialogSwitchesScene();
    void talkingPointsAndSaleAreStored();
    void hostMonitorShowsOnAirNextAndCountdown();
    void resumeOfferResumesOrStartsFresh();
    void saleOfSoldOutCardAsksFirst();
    void screenshots();

private:
    QStringList codes(int n) const;
    void pressHotkey(const QList<xcb_keysym_t>& keys, const std::function<bool()>& fired);

    QTemporaryDir m_data;
    std::unique_ptr<TestTempDir> m_settingsDir;
    std::unique_ptr<Settings> m_settings;
    MemorySecretStore m_keychain;
    std::unique_ptr<Studio> m_studio;
    std::unique_ptr<MainWindow> m_window;
    int m_showCount = 0;
};

void tst_QueuePanel::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_data.isValid());
    const Studio::Options options = test::studioOptionsForTests(m_data.path());
    QString error;
    m_studio = Studio::create(options, &error);
    QVERIFY2(m_studio, qPrintable(error));
    QVERIFY(m_studio->catalog().variantCount() > 10);

    m_settingsDir = std::make_unique<TestTempDir>(QStringLiteral("queue-settings"));
    m_settings = std::make_unique<Settings>(m_settingsDir->filePath(QStringLiteral("pinstage.ini")));
    QVERIFY(m_settings->load());
    m_window = std::make_unique<MainWindow>(*m_studio, *m_settings, m_keychain);
    m_window->resize(1600, 1000);
    m_window->move(0, 0);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get(), kWindowWaitMs));
    QTRY_VERIFY(m_window->preview()->hasDisplay());
}

void tst_QueuePanel::cleanupTestCase()
{
    m_window.reset();
    m_studio.reset();
}

void tst_QueuePanel::init()
{
    // Each test on a show of its own, nothing on air.
    RunOfShow* run = m_window->runOfShow();
    if (run->isOpen())
        run->close();
    m_studio->show().unpin();
    QTRY_VERIFY(!m_studio->show().card().has_value());
    QVERIFY(m_window->queuePanel()->openShow(QStringLiteral("Test show %1").arg(++m_showCount)));
    QVERIFY(run->isOpen());
    QCOMPARE(run->queue().size(), 0);
    m_window->catalogPanel()->searchBox()->clear();
    m_window->noticeBar()->dismiss();
    m_window->activateWindow();
}

QStringList tst_QueuePanel::codes(int n) const
{
    QStringList result;
    VariantListModel* model = m_window->catalogPanel()->model();
    model->setQuery({});
    for (int row = 0; row < model->rowCount() && result.size() < n; ++row)
        result.append(model->index(row).data(VariantListModel::PinCodeRole).toString());
    return result;
}

void tst_QueuePanel::pressHotkey(const QList<xcb_keysym_t>& keys, const std::function<bool()>& fired)
{
    XTestKeyboard keyboard;
    QVERIFY2(keyboard.isReady(), "the X server has no XTEST extension");
    for (const xcb_keysym_t key : keys)
        QVERIFY(keyboard.key(key, true));
    // Held as a hand holds a key, until libobs's hotkey thread (25 ms polls) has seen it.
    const bool ok = QTest::qWaitFor(fired, 5000);
    for (auto it = keys.crbegin(); it != keys.crend(); ++it)
        keyboard.key(*it, false);
    QVERIFY2(ok, "the hotkey's action did not run");
}

void tst_QueuePanel::queueDockIsThere()
{
    QDockWidget* dock = m_window->queueDock();
    QVERIFY(dock);
    QCOMPARE(dock->windowTitle(), QStringLiteral("Run of show"));
    QCOMPARE(m_window->dockWidgetArea(dock), Qt::LeftDockWidgetArea);
    QVERIFY(dock->isVisible());
    QVERIFY(m_window->hostMonitorAction());
    QCOMPARE(m_window->hostMonitorAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M));
    // Every cue button names its hotkey, in its tooltip and on its face.
    QueuePanel* panel = m_window->queuePanel();
    QVERIFY(panel->takeButton()->toolTip().contains(QStringLiteral("F9")));
    QVERIFY(panel->unpinButton()->toolTip().contains(QStringLiteral("F10")));
    QVERIFY(panel->saleButton()->toolTip().contains(QStringLiteral("F8")));
    QVERIFY(panel->skipButton()->toolTip().contains(QStringLiteral("F7")));
    QVERIFY(panel->takeButton()->text().contains(QStringLiteral("F9")));
}

void tst_QueuePanel::modelPassesTester()
{
    for (const QString& code : codes(3))
        QVERIFY(m_window->queuePanel()->addCode(code));
    QAbstractItemModelTester tester(
        m_window->queuePanel()->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QString error;
    QVERIFY(m_window->runOfShow()->move(1, 3, &error));
    QVERIFY(m_window->runOfShow()->take(&error));
    QVERIFY(m_window->runOfShow()->remove(2, &error));
}

void tst_QueuePanel::enterOnSearchResultAddsToQueueByDefault()
{
    QCOMPARE(m_settings->catalogEnterAction(), Settings::CatalogEnterAction::AddToQueue);
    QVERIFY(!m_window->enterPinsAction()->isChecked());
    CatalogPanel* catalog = m_window->catalogPanel();
    const QStringList c = codes(2);

    // A scanner types the code and Enter: the card joins the queue, nothing goes on air.
    catalog->focusSearch();
    QTest::keyClicks(catalog->searchBox(), c.at(0));
    QTest::keyClick(catalog->searchBox(), Qt::Key_Return);
    QTRY_COMPARE(m_window->runOfShow()->queue().size(), 1);
    QCOMPARE(m_window->runOfShow()->queue().at(0).code, c.at(0));
    QVERIFY(!m_studio->show().card().has_value());
    // It is Next up (nothing was on air), and says so in words.
    QCOMPARE(m_window->runOfShow()->nextUpItem(), m_window->runOfShow()->queue().at(0).id);
    QVERIFY(m_window->queuePanel()->nextUpLabel()->text().startsWith(QStringLiteral("NEXT UP")));

    // Enter in the list and a double-click add as well.
    catalog->searchBox()->clear();
    QTRY_VERIFY(catalog->model()->query().isEmpty());
    catalog->listView()->setFocus();
    catalog->listView()->setCurrentIndex(catalog->model()->index(1));
    QTest::keyClick(catalog->listView(), Qt::Key_Return);
    QTRY_COMPARE(m_window->runOfShow()->queue().size(), 2);
    QCOMPARE(m_window->runOfShow()->queue().at(1).code, c.at(1));
    QVERIFY(!m_studio->show().card().has_value());
}

void tst_QueuePanel::enterPinsAtOnceWhenChosenAndRemembered()
{
    CatalogPanel* catalog = m_window->catalogPanel();
    const QStringList c = codes(1);
    m_window->enterPinsAction()->setChecked(true);
    auto restore = qScopeGuard([this] { m_window->enterPinsAction()->setChecked(false); });
    QCOMPARE(catalog->enterAction(), Settings::CatalogEnterAction::PinAtOnce);
    // Saved in the settings file.
    {
        Settings reread(m_settings->filePath());
        QVERIFY(reread.load());
        QCOMPARE(reread.catalogEnterAction(), Settings::CatalogEnterAction::PinAtOnce);
    }
    catalog->focusSearch();
    QTest::keyClicks(catalog->searchBox(), c.at(0));
    QTest::keyClick(catalog->searchBox(), Qt::Key_Return);
    QTRY_VERIFY(m_studio->show().card().has_value());
    QCOMPARE(catalog->selectedVariant()->pinCode, c.at(0));
    QCOMPARE(m_window->runOfShow()->queue().size(), 0);

    restore.dismiss();
    m_window->enterPinsAction()->setChecked(false);
    Settings reread(m_settings->filePath());
    QVERIFY(reread.load());
    QCOMPARE(reread.catalogEnterAction(), Settings::CatalogEnterAction::AddToQueue);
}

void tst_QueuePanel::dragFromCatalogAddsAtTheDropPlace()
{
    const QStringList c = codes(3);
    QueuePanel* panel = m_window->queuePanel();
    QVERIFY(panel->addCode(c.at(0)));
    QVERIFY(panel->addCode(c.at(1)));
    // The catalog row as it drags out, dropped between the two queued cards.
    VariantListModel* catalog = m_window->catalogPanel()->model();
    QVERIFY(catalog->flags(catalog->index(2)).testFlag(Qt::ItemIsDragEnabled));
    std::unique_ptr<QMimeData> data(catalog->mimeData({ catalog->index(2) }));
    QVERIFY(data);
    QueueModel* model = panel->model();
    QVERIFY(model->canDropMimeData(data.get(), Qt::CopyAction, 1, 0, {}));
    QVERIFY(model->dropMimeData(data.get(), Qt::CopyAction, 1, 0, {}));
    QCOMPARE(model->rowCount(), 3);
    QCOMPARE(model->index(1).data(QueueModel::CodeRole).toString(), c.at(2));
    QCOMPARE(m_window->runOfShow()->queue().at(1).code, c.at(2));
    // Below the last row: at the end.
    std::unique_ptr<QMimeData> again(catalog->mimeData({ catalog->index(0) }));
    QVERIFY(model->dropMimeData(again.get(), Qt::CopyAction, -1, -1, {}));
    QCOMPARE(m_window->runOfShow()->queue().last().code, c.at(0));
}

void tst_QueuePanel::dragReorderKeepsCue()
{
    const QStringList c = codes(4);
    QueuePanel* panel = m_window->queuePanel();
    for (const QString& code : c)
        QVERIFY(panel->addCode(code));
    RunOfShow* run = m_window->runOfShow();
    QString error;
    QVERIFY2(run->take(&error), qPrintable(error)); // card 1 on air, card 2 next up
    const qint64 onAir = *run->onAirItem();
    const qint64 nextUp = *run->nextUpItem();

    // Drag the last card to the top, as the view does it: mimeData of the row, drop at row 0.
    QueueModel* model = panel->model();
    std::unique_ptr<QMimeData> data(model->mimeData({ model->index(3) }));
    QVERIFY(data);
    QVERIFY(model->dropMimeData(data.get(), Qt::MoveAction, 0, 0, {}));
    QStringList order;
    for (const QueueItem& item : run->queue())
        order.append(item.code);
    QCOMPARE(order, (QStringList { c.at(3), c.at(0), c.at(1), c.at(2) }));
    // Drag the top card down below the third (drop between rows 2 and 3).
    std::unique_ptr<QMimeData> down(model->mimeData({ model->index(0) }));
    QVERIFY(model->dropMimeData(down.get(), Qt::MoveAction, 3, 0, {}));
    order.clear();
    for (const QueueItem& item : run->queue())
        order.append(item.code);
    QCOMPARE(order, (QStringList { c.at(0), c.at(1), c.at(3), c.at(2) }));
    // On air and Next up stay on the same cards, and the rows say so.
    QCOMPARE(*run->onAirItem(), onAir);
    QCOMPARE(*run->nextUpItem(), nextUp);
    QCOMPARE(QueueModel::Cue(model->index(model->rowOfItem(onAir)).data(QueueModel::CueRole).toInt()),
        QueueModel::Cue::OnAir);
    QCOMPARE(QueueModel::Cue(model->index(model->rowOfItem(nextUp)).data(QueueModel::CueRole).toInt()),
        QueueModel::Cue::NextUp);
    QVERIFY(model->index(model->rowOfItem(onAir)).data(Qt::AccessibleTextRole).toString().startsWith("On air"));
}

void tst_QueuePanel::keyboardOperatesTheQueue()
{
    const QStringList c = codes(3);
    QueuePanel* panel = m_window->queuePanel();
    for (const QString& code : c)
        QVERIFY(panel->addCode(code));
    RunOfShow* run = m_window->runOfShow();
    QListView* list = panel->listView();

    // Ctrl+L reaches the queue.
    m_window->catalogPanel()->focusSearch();
    QTest::keyClick(m_window->catalogPanel()->searchBox(), Qt::Key_L, Qt::ControlModifier);
    QTRY_VERIFY(list->hasFocus());

    // Enter on the third card: Next up.
    list->setCurrentIndex(panel->model()->index(2));
    QTest::keyClick(list, Qt::Key_Return);
    QCOMPARE(run->nextUpItem(), run->queue().at(2).id);
    // Ctrl+Up moves it up, keeping the selection on it.
    QTest::keyClick(list, Qt::Key_Up, Qt::ControlModifier);
    QCOMPARE(run->queue().at(1).code, c.at(2));
    QCOMPARE(list->currentIndex().row(), 1);
    // Ctrl+D duplicates it; the copy follows it and is selected.
    QTest::keyClick(list, Qt::Key_D, Qt::ControlModifier);
    QCOMPARE(run->queue().size(), 4);
    QCOMPARE(run->queue().at(2).code, c.at(2));
    QCOMPARE(list->currentIndex().row(), 2);
    // Delete removes it.
    QTest::keyClick(list, Qt::Key_Delete);
    QCOMPARE(run->queue().size(), 3);
    // Ctrl+Enter takes the selected card to air at once.
    list->setCurrentIndex(panel->model()->index(0));
    QTest::keyClick(list, Qt::Key_Return, Qt::ControlModifier);
    QTRY_VERIFY(m_studio->show().card().has_value());
    QCOMPARE(m_studio->show().card()->pinCode, c.at(0));
    QCOMPARE(run->onAirItem(), run->queue().at(0).id);

    // Tab walks the panel: list → talking points → sale → template → Take.
    list->setFocus();
    QTest::keyClick(list, Qt::Key_Tab);
    QTRY_VERIFY(panel->talkingPointsEdit()->hasFocus());
    QTest::keyClick(panel->talkingPointsEdit(), Qt::Key_Tab);
    QTRY_VERIFY(panel->saleSecondsBox()->hasFocus());
    QTest::keyClick(panel->saleSecondsBox(), Qt::Key_Tab);
    QTRY_VERIFY(panel->templateBox()->hasFocus());
    QTest::keyClick(panel->templateBox(), Qt::Key_Tab);
    QTRY_VERIFY(panel->takeButton()->hasFocus());
    // Space on the focused Take button takes Next up.
    const qint64 next = *run->nextUpItem();
    QTest::keyClick(panel->takeButton(), Qt::Key_Space);
    QTRY_COMPARE(run->onAirItem(), next);
}

void tst_QueuePanel::takeShortcutPutsNextUpOnAir()
{
    const QStringList c = codes(2);
    QueuePanel* panel = m_window->queuePanel();
    for (const QString& code : c)
        QVERIFY(panel->addCode(code));
    QSignalSpy cards(&m_studio->show(), &ShowController::cardChanged);
    // Take's shortcut (F9) pressed on the keyboard while the window has the focus.
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get(), kWindowWaitMs));
    pressHotkey({ XK_F9 }, [this] { return m_studio->show().card().has_value(); });
    QCOMPARE(m_studio->show().card()->pinCode, c.at(0));
    QVERIFY(!cards.isEmpty());
    QCOMPARE(m_window->runOfShow()->nextUpItem(), m_window->runOfShow()->queue().at(1).id);
    // Offline, the card waits in the preview: the bar says so, as the catalog does (not ON AIR).
    QTRY_VERIFY2(
        panel->onAirLabel()->text().startsWith(QStringLiteral("STAGED   ")), qPrintable(panel->onAirLabel()->text()));
    QVERIFY(panel->onAirLabel()->text().contains(m_studio->show().card()->productTitle));
    // ... and so does the queue row's badge (STAGED in blue, not ON AIR in red).
    const auto* delegate = qobject_cast<QueueDelegate*>(panel->listView()->itemDelegate());
    QVERIFY(delegate);
    QVERIFY(!delegate->isOnAirLive());
    // Once: the key was held for several of libobs's 25 ms polls, still one take. A negative check:
    // the wait is an observation window of eight polls, not a wait for a state.
    QTest::qWait(200);
    QCOMPARE(m_studio->show().card()->pinCode, c.at(0));
}

void tst_QueuePanel::takePutsCardIntoProgramPicture()
{
    const QStringList c = codes(1);
    QVERIFY(m_window->queuePanel()->addCode(c.at(0)));
    const QSize canvas = m_studio->options().video.canvas;
    ProductCardLayer& layer = m_studio->cardLayer();
    const QRect cardRect = layer.layout().cardRect;
    const quint64 uploaded = layer.uploadedCount();

    QTest::mouseClick(m_window->queuePanel()->takeButton(), Qt::LeftButton);
    QTRY_VERIFY(m_studio->show().card().has_value());
    QTRY_VERIFY(layer.isShowing() && layer.uploadedCount() > uploaded);
    const QImage expected
        = CardPainter::paint(*layer.current(), canvas, layer.cardTemplate(), layer.theme(), layer.safeArea());
    // The program frame (what the encoders get) shows that card at its place.
    double difference = 255;
    QTRY_VERIFY_WITH_TIMEOUT((difference = cardDifference(grabProgramFrame(canvas), cardRect, expected)) < 16, 10000);
    qInfo("program vs. painted card after Take: %.1f per channel", difference);

    m_window->queuePanel()->unpin();
    QTRY_VERIFY(!m_studio->show().card().has_value());
    QTRY_VERIFY_WITH_TIMEOUT(cardDifference(grabProgramFrame(canvas), cardRect, expected) > 30, 10000);
}

void tst_QueuePanel::hotkeyFiresFromAnotherWindow()
{
    const QStringList c = codes(2);
    for (const QString& code : c)
        QVERIFY(m_window->queuePanel()->addCode(code));
    // Another application's window has the focus (a chat, the platform's dashboard).
    QLineEdit other;
    other.setWindowTitle(QStringLiteral("Another window"));
    other.setGeometry(1700, 100, 300, 60);
    other.show();
    other.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&other, kWindowWaitMs));
    QVERIFY(!m_window->isActiveWindow());
    QSignalSpy fired(m_window->hotkeys(), &Hotkeys::triggered);
    pressHotkey({ XK_F9 }, [this] { return m_studio->show().card().has_value(); });
    QCOMPARE(m_studio->show().card()->pinCode, c.at(0));
    QCOMPARE(fired.size(), 1);
    QCOMPARE(fired.first().first().toString(), Hotkeys::takeName());
    QVERIFY(other.isActiveWindow());
}

void tst_QueuePanel::hotkeyBindingSavedLoadedAndPressed()
{
    Hotkeys* hotkeys = m_window->hotkeys();
    const QKeySequence ctrlShiftT(Qt::CTRL | Qt::SHIFT | Qt::Key_T);
    auto restore = qScopeGuard([hotkeys] { hotkeys->setBinding(Hotkeys::takeName(), QKeySequence(Qt::Key_F9)); });
    QString error;
    // One combination per hotkey, and never one another hotkey has.
    QVERIFY(!hotkeys->setBinding(Hotkeys::takeName(), QKeySequence(Qt::Key_F10), &error));
    QVERIFY2(error.contains(QStringLiteral("Unpin")), qPrintable(error));
    QVERIFY(!hotkeys->setBinding(Hotkeys::takeName(), QKeySequence(QStringLiteral("Ctrl+A, B")), &error));
    QVERIFY2(hotkeys->setBinding(Hotkeys::takeName(), ctrlShiftT, &error), qPrintable(error));
    QVERIFY(m_window->queuePanel()->takeButton()->toolTip().contains(ctrlShiftT.toString(QKeySequence::NativeText)));
    // Saved at once in the settings file, and a new registry loads it.
    {
        Settings reread(m_settings->filePath());
        QVERIFY(reread.load());
        QCOMPARE(reread.hotkey(Hotkeys::takeName()), QStringLiteral("Ctrl+Shift+T"));
        Hotkeys other;
        QVERIFY(other.add(QStringLiteral("take"), QStringLiteral("Take"), QKeySequence(Qt::Key_F9), {}));
        QStringList problems;
        other.load(reread, &problems);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(' ')));
        QCOMPARE(other.binding(QStringLiteral("take")), ctrlShiftT);
    }
    // Pressed on the keyboard: F9 alone does nothing any more, Ctrl+Shift+T takes.
    const QStringList c = codes(1);
    QVERIFY(m_window->queuePanel()->addCode(c.at(0)));
    QSignalSpy fired(hotkeys, &Hotkeys::triggered);
    {
        XTestKeyboard keyboard;
        QVERIFY(keyboard.key(XK_F9, true));
        QTest::qWait(150); // long enough for several of libobs's 25 ms polls: nothing may happen
        keyboard.key(XK_F9, false);
    }
    QCOMPARE(fired.size(), 0);
    QVERIFY(!m_studio->show().card().has_value());
    pressHotkey({ XK_Control_L, XK_Shift_L, XK_t }, [this] { return m_studio->show().card().has_value(); });
    QCOMPARE(m_studio->show().card()->pinCode, c.at(0));
}

void tst_QueuePanel::badHotkeyInSettingsIsReported()
{
    TestTempDir dir(QStringLiteral("bad-hotkey"));
    const QString path = dir.filePath(QStringLiteral("pinstage.ini"));
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("[general]\nversion = 2\n\n[hotkeys]\ntake = Ctrl+A, B\nskip = F7\n");
    }
    Settings settings(path);
    QVERIFY(settings.load());
    Hotkeys hotkeys;
    QVERIFY(hotkeys.add(QStringLiteral("take"), QStringLiteral("Take"), QKeySequence(Qt::Key_F9), {}));
    QVERIFY(hotkeys.add(QStringLiteral("skip"), QStringLiteral("Skip"), QKeySequence(Qt::Key_F6), {}));
    QStringList problems;
    hotkeys.load(settings, &problems);
    QCOMPARE(problems.size(), 1);
    QVERIFY2(problems.first().contains(path) && problems.first().contains(QStringLiteral("[hotkeys] take")),
        qPrintable(problems.first()));
    QCOMPARE(hotkeys.binding(QStringLiteral("take")), QKeySequence(Qt::Key_F9)); // kept
    QCOMPARE(hotkeys.binding(QStringLiteral("skip")), QKeySequence(Qt::Key_F7));
}

void tst_QueuePanel::sceneHotkeyBoundInDialogSwitchesScene()
{
    SceneCollection& scenes = m_studio->scenes();
    Hotkeys* hotkeys = m_window->hotkeys();
    const QString before = scenes.programSceneName();
    QString target;
    for (const QString& scene : scenes.sceneNames())
        if (scene != before)
            target = scene;
    QVERIFY2(!target.isEmpty(), "the default collection has more than one scene");
    auto restore = qScopeGuard([this, before] {
        QString error;
        m_studio->show().switchScene(before, &error);
    });
    // Every scene has a hotkey, with no key until the seller gives it one.
    const QString name = MainWindow::sceneHotkeyName(target);
    QVERIFY2(hotkeys->names().contains(name), qPrintable(hotkeys->names().join(' ')));
    QVERIFY(hotkeys->binding(name).isEmpty());

    // Edit ▸ Hotkeys…: a key another hotkey has is refused next to the row; a free one applies.
    HotkeysDialog* dialog = m_window->openHotkeysDialog();
    QVERIFY(dialog);
    auto closeDialog = qScopeGuard([dialog] { dialog->close(); });
    QKeySequenceEdit* edit = dialog->editor(name);
    QVERIFY(edit);
    edit->setKeySequence(QKeySequence(Qt::Key_F9)); // Take's
    emit edit->editingFinished();
    QVERIFY2(dialog->problem(name).contains(QStringLiteral("Take")), qPrintable(dialog->problem(name)));
    QVERIFY(hotkeys->binding(name).isEmpty());
    QVERIFY(edit->keySequence().isEmpty());
    const QKeySequence ctrlAltK(Qt::CTRL | Qt::ALT | Qt::Key_K);
    edit->setKeySequence(ctrlAltK);
    emit edit->editingFinished();
    QVERIFY(dialog->problem(name).isEmpty());
    QCOMPARE(hotkeys->binding(name), ctrlAltK);
    {
        Settings reread(m_settings->filePath());
        QVERIFY(reread.load());
        QCOMPARE(reread.hotkey(name), QStringLiteral("Ctrl+Alt+K"));
    }
    // Pressed on the keyboard, the program switches to that scene.
    pressHotkey({ XK_Control_L, XK_Alt_L, XK_k }, [&] { return scenes.programSceneName() == target; });

    // A scene added later gets its hotkey; removed, the hotkey goes with it.
    QString error;
    QVERIFY2(scenes.addScene(QStringLiteral("Hotkey test scene"), &error), qPrintable(error));
    QTRY_VERIFY(hotkeys->names().contains(QStringLiteral("scene.Hotkey_test_scene")));
    QVERIFY2(scenes.removeScene(QStringLiteral("Hotkey test scene"), &error), qPrintable(error));
    QTRY_VERIFY(!hotkeys->names().contains(QStringLiteral("scene.Hotkey_test_scene")));
    hotkeys->setBinding(name, QKeySequence());
}

void tst_QueuePanel::talkingPointsAndSaleAreStored()
{
    const QStringList c = codes(2);
    QueuePanel* panel = m_window->queuePanel();
    for (const QString& code : c)
        QVERIFY(panel->addCode(code));
    panel->listView()->setCurrentIndex(panel->model()->index(0));
    panel->talkingPointsEdit()->setFocus();
    QTest::keyClicks(panel->talkingPointsEdit(), QStringLiteral("Soft cotton, runs small"));
    panel->saleSecondsBox()->setFocus(); // leaving the field stores it
    QTRY_COMPARE(m_window->runOfShow()->queue().at(0).talkingPoints, QStringLiteral("Soft cotton, runs small"));
    panel->saleSecondsBox()->setValue(90);
    emit panel->saleSecondsBox()->editingFinished();
    QCOMPARE(m_window->runOfShow()->queue().at(0).saleSeconds, std::optional<int>(90));
    // Stored in the catalog database: the show book reads it back.
    const auto show = ShowBook(m_studio->catalog()).byName(m_window->runOfShow()->show().name);
    QVERIFY(show);
    QCOMPARE(show->queue.size(), 2);
    QCOMPARE(show->queue.at(0).talkingPoints, QStringLiteral("Soft cotton, runs small"));
    QCOMPARE(show->queue.at(0).saleSeconds, std::optional<int>(90));
    QVERIFY(panel->model()->index(0).data(Qt::ToolTipRole).toString().contains(QStringLiteral("Soft cotton")));
}

void tst_QueuePanel::hostMonitorShowsOnAirNextAndCountdown()
{
    const QStringList c = codes(2);
    QueuePanel* panel = m_window->queuePanel();
    for (const QString& code : c)
        QVERIFY(panel->addCode(code));
    QString error;
    QueueItem second = m_window->runOfShow()->queue().at(1);
    second.talkingPoints = QStringLiteral("Ask who wants it in blue");
    QVERIFY(m_window->runOfShow()->update(2, second, &error));

    m_window->hostMonitorAction()->trigger();
    HostMonitor* monitor = m_window->hostMonitor();
    QVERIFY(monitor);
    QVERIFY(QTest::qWaitForWindowExposed(monitor, kWindowWaitMs));
    QVERIFY(m_window->hostMonitorAction()->isChecked());
    QCOMPARE(monitor->stateText(), QStringLiteral("OFF AIR"));
    QCOMPARE(monitor->stateLabel()->text(), QStringLiteral("OFF AIR"));

    panel->take();
    QTRY_VERIFY(m_studio->show().card().has_value());
    QTRY_COMPARE(monitor->titleLabel()->text(),
        m_studio->show().card()->productTitle
            + (m_studio->show().card()->variantTitle.isEmpty()
                    ? QString()
                    : QStringLiteral(" · ") + m_studio->show().card()->variantTitle));
    QVERIFY(!monitor->priceLabel()->text().isEmpty());
    QVERIFY(monitor->nextUpLabel()->text().contains(panel->model()->index(1).data(QueueModel::TitleRole).toString()));
    QVERIFY(monitor->findChild<QLabel*>(QStringLiteral("hostNextPoints"))->text().contains(QStringLiteral("blue")));

    // The sale countdown, in large type, counting down with the show's clock.
    // The demo card may be sold out: Start sale then asks first (yes, start it).
    if (!m_window->runOfShow()->soldOutReason().isEmpty())
        MessageBox::setNextAnswer(QMessageBox::Yes);
    panel->startSale();
    QTRY_VERIFY(monitor->countdownLabel()->isVisible());
    const QString first = monitor->countdownLabel()->text();
    QVERIFY2(first == QStringLiteral("SALE 2:00") || first == QStringLiteral("SALE 1:59"), qPrintable(first));
    QTRY_COMPARE_WITH_TIMEOUT(monitor->countdownLabel()->text(), QStringLiteral("SALE 1:58"), 4000);
    QVERIFY(monitor->countdownLabel()->font().pixelSize() >= monitor->height() / 10);
    // Rehearsing: the state says so and the show clock runs.
    QVERIFY2(m_studio->show().startRehearsal(&error), qPrintable(error));
    QTRY_COMPARE(monitor->stateLabel()->text(), QStringLiteral("REHEARSAL"));
    QTRY_COMPARE_WITH_TIMEOUT(monitor->showTimeLabel()->text(), QStringLiteral("00:00:01"), 3000);
    m_studio->show().endShow();
    QTRY_COMPARE(monitor->stateLabel()->text(), QStringLiteral("OFF AIR"));

    // Closing it unchecks the menu entry and remembers where it was.
    monitor->move(40, 60);
    monitor->close();
    QTRY_VERIFY(!m_window->hostMonitor());
    QVERIFY(!m_window->hostMonitorAction()->isChecked());
    Settings reread(m_settings->filePath());
    QVERIFY(reread.load());
    QVERIFY(!reread.hostMonitorGeometry().isEmpty());
    QVERIFY(!reread.hostMonitorScreen().isEmpty());
    HostMonitor* again = m_window->openHostMonitor();
    QVERIFY(QTest::qWaitForWindowExposed(again, kWindowWaitMs));
    QTRY_COMPARE(again->pos(), QPoint(40, 60));
    again->close();
}

void tst_QueuePanel::resumeOfferResumesOrStartsFresh()
{
    const QStringList c = codes(3);
    QueuePanel* panel = m_window->queuePanel();
    for (const QString& code : c)
        QVERIFY(panel->addCode(code));
    const QString name = m_window->runOfShow()->show().name;
    m_window->runOfShow()->close();
    QVERIFY(!m_window->offerResume()); // nothing interrupted: no question
    QString error;
    qint64 onAir = 0;
    {
        // A run that is never closed, as a crash leaves it: another RunOfShow over the same
        // catalog, destroyed while its show runs with the second card on air.
        RunOfShow crashed(m_studio->catalog(), m_studio->show(), m_studio->clock());
        QVERIFY2(crashed.open(name, false, &error), qPrintable(error));
        QVERIFY(crashed.take(&error));
        QVERIFY(crashed.take(&error));
        onAir = *crashed.onAirItem();
    }
    m_studio->show().unpin();
    QTRY_VERIFY(!m_studio->show().card().has_value());
    RunOfShow* run = m_window->runOfShow();
    QCOMPARE(run->interruptedShow(), std::optional<QString>(name));

    // Resume: the card on air is back on the program, Next up after it.
    const int asked = MessageBox::answeredBySeam();
    MessageBox::setNextAnswer(QMessageBox::Yes);
    QVERIFY(m_window->offerResume());
    QCOMPARE(MessageBox::answeredBySeam(), asked + 1);
    QVERIFY(run->isOpen());
    QCOMPARE(run->show().name, name);
    QCOMPARE(run->onAirItem(), std::optional<qint64>(onAir));
    QCOMPARE(run->nextUpItem(), run->queue().at(2).id);
    QTRY_VERIFY(m_studio->show().card().has_value());
    QCOMPARE(m_studio->show().card()->pinCode, c.at(1));
    QTRY_VERIFY(panel->onAirLabel()->text().contains(m_studio->show().card()->productTitle));

    // Start fresh: the same show from the top, nothing of the queue on air.
    {
        RunOfShow crashed(m_studio->catalog(), m_studio->show(), m_studio->clock());
        run->close();
        QVERIFY(crashed.open(name, false, &error));
        QVERIFY(crashed.take(&error));
    }
    QCOMPARE(run->interruptedShow(), std::optional<QString>(name));
    MessageBox::setNextAnswer(QMessageBox::No);
    QVERIFY(m_window->offerResume());
    QVERIFY(run->isOpen());
    QVERIFY(!run->onAirItem().has_value());
    QCOMPARE(run->nextUpItem(), run->queue().at(0).id);

    // A rehearsal interrupted: resumed, it rehearses again, and the window's indicator says
    // REHEARSAL as the run of show and the host monitor do (not OFFLINE).
    {
        RunOfShow crashed(m_studio->catalog(), m_studio->show(), m_studio->clock());
        run->close();
        QVERIFY(crashed.open(name, true, &error));
        QVERIFY(crashed.take(&error));
    }
    QCOMPARE(m_window->liveControls()->state(), ShowController::State::Idle);
    MessageBox::setNextAnswer(QMessageBox::Yes);
    QVERIFY(m_window->offerResume());
    QVERIFY(run->isRehearsal());
    QTRY_COMPARE(m_window->liveControls()->state(), ShowController::State::Rehearsal);
    QTRY_VERIFY2(m_window->liveControls()->stateLabel()->text().startsWith(QStringLiteral("REHEARSAL")),
        qPrintable(m_window->liveControls()->stateLabel()->text()));
    QVERIFY(panel->findChild<QLabel*>(QStringLiteral("queueRehearsal"))->isVisible());
    m_studio->show().endShow(false);
    QTRY_COMPARE(m_studio->show().state(), ShowController::State::Idle);
    run->close();
    QVERIFY(!run->interruptedShow().has_value());
}

void tst_QueuePanel::saleOfSoldOutCardAsksFirst()
{
    // A card whose shop stops selling at zero stock, sold out while on air: Start sale asks first
    // (through the message-box seam); Cancel starts nothing, "Start sale anyway" starts it.
    QString code;
    for (const QString& c : codes(20)) {
        const auto variant = m_studio->catalog().variantByPinCode(c);
        if (variant && !variant->continuesSelling() && !variant->soldOut()) {
            code = c;
            break;
        }
    }
    QVERIFY2(!code.isEmpty(), "the demo catalog has a variant in stock that stops selling at zero stock");
    QueuePanel* panel = m_window->queuePanel();
    RunOfShow* run = m_window->runOfShow();
    QVERIFY(panel->addCode(code));
    QString error;
    QVERIFY2(run->take(&error), qPrintable(error));
    QTRY_VERIFY(m_studio->show().card().has_value());
    auto unpin = qScopeGuard([this, code] {
        QString ignored;
        m_studio->show().setStock(code, 10, &ignored); // in stock again for the other tests
        m_studio->show().unpin();
    });
    // In stock: no question.
    const int asked = MessageBox::answeredBySeam();
    QVERIFY(run->soldOutReason().isEmpty());
    QVERIFY2(m_studio->show().setStock(code, 0, &error), qPrintable(error));
    QVERIFY2(!run->soldOutReason().isEmpty(), "sold out once its stock is 0");
    MessageBox::setNextAnswer(QMessageBox::Cancel);
    panel->startSale();
    QCOMPARE(MessageBox::answeredBySeam(), asked + 1);
    QVERIFY(!m_studio->show().flashSale().has_value());
    MessageBox::setNextAnswer(QMessageBox::Yes);
    panel->startSale();
    QCOMPARE(MessageBox::answeredBySeam(), asked + 2);
    QVERIFY(m_studio->show().flashSale().has_value());
    QVERIFY(!m_studio->show().flashSale()->ended);
}

void tst_QueuePanel::screenshots()
{
    // The producer's layout with a real show: five cards with talking points, one on air with a
    // flash sale, one next up; live to a private ingest so the window shows what a show looks like.
    QueuePanel* panel = m_window->queuePanel();
    RunOfShow* run = m_window->runOfShow();
    // A producer on a 1600 px screen gives the run of show more room (the preview settles while
    // the stream connects below).
    m_window->resizeDocks({ m_window->queueDock() }, { 420 }, Qt::Horizontal);
    run->close();
    QVERIFY(panel->openShow(QStringLiteral("Friday Night Drop")));
    const QStringList c = codes(12);
    const QStringList points = {
        QStringLiteral("Welcome everyone! Our best seller: heavyweight cotton, true to size."),
        QStringLiteral("Only 12 left. Show the stitching up close."),
        QStringLiteral("Ask who wants it in blue. Comment 'BLUE' to reserve."),
        QStringLiteral("Bundle: any two for $40 tonight only."),
        QStringLiteral("Thank everyone, tease next Friday."),
    };
    QString error;
    for (int i = 0; i < 5; ++i) {
        QueueItem item;
        item.code = c.at(i * 2);
        item.talkingPoints = points.at(i);
        if (i == 1 || i == 3)
            item.saleSeconds = i == 1 ? 120 : 300;
        QVERIFY2(run->add(item, 0, &error), qPrintable(error));
    }
    NginxRtmpServer server;
    QVERIFY2(server.start(&error), qPrintable(NginxRtmpServer::startFailure(error)));
    m_window->setStreamTarget(StreamTarget { server.url(), QStringLiteral("screenshot") });
    m_window->liveControls()->goLive();
    QTRY_COMPARE_WITH_TIMEOUT(m_window->liveControls()->state(), LiveControls::State::Live, 15000);
    QVERIFY(run->take(&error));
    QVERIFY(run->take(&error)); // the second card (with its sale) on air, the third next up
    // Live: the row's badge says ON AIR (red), as the bar does.
    const auto* delegate = qobject_cast<QueueDelegate*>(panel->listView()->itemDelegate());
    QTRY_VERIFY(delegate && delegate->isOnAirLive());
    // The demo card may be sold out: Start sale then asks first (yes, start it).
    if (!m_window->runOfShow()->soldOutReason().isEmpty())
        MessageBox::setNextAnswer(QMessageBox::Yes);
    panel->startSale();
    QTRY_VERIFY(m_studio->show().flashSale().has_value());
    panel->listView()->setCurrentIndex(panel->model()->index(2));
    panel->listView()->setFocus();
    QTRY_VERIFY_WITH_TIMEOUT(
        m_studio->show().showTimeMs() > 4000 && m_studio->show().flashSale()->remainingSeconds < 117, 20000);
    m_window->noticeBar()->dismiss();
    QTest::qWait(0); // one turn of the event loop, no time: the window is laid out without the bar

    const QString dir = qEnvironmentVariableIsSet("PINSTAGE_SCREENSHOT_DIR")
        ? qEnvironmentVariable("PINSTAGE_SCREENSHOT_DIR")
        : QDir::temp().filePath(QStringLiteral("pinstage-queue-shots"));
    QDir().mkpath(dir);
    QScreen* screen = m_window->screen();
    const QImage producer = screen->grabWindow(0).toImage().copy(m_window->frameGeometry());
    QVERIFY(!producer.isNull());
    QVERIFY(producer.save(QDir(dir).filePath(QStringLiteral("run-of-show-producer.png"))));

    HostMonitor* monitor = m_window->openHostMonitor();
    monitor->setGeometry(1600, 0, 1280, 720);
    QVERIFY(QTest::qWaitForWindowExposed(monitor, kWindowWaitMs));
    QTRY_VERIFY(monitor->countdownLabel()->isVisible());
    const QString shown = monitor->countdownLabel()->text();
    QTRY_VERIFY(monitor->countdownLabel()->text() != shown); // the next tick of the sale's clock drawn
    monitor->repaint();
    const QImage host = screen->grabWindow(0).toImage().copy(monitor->frameGeometry());
    QVERIFY(host.save(QDir(dir).filePath(QStringLiteral("host-monitor.png"))));
    qInfo("screenshots: %s", qPrintable(dir));
    monitor->close();

    m_window->liveControls()->stopStream(false);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->liveControls()->state(), LiveControls::State::Idle, 15000);
}

int main(int argc, char** argv)
{
    // libobs needs a real X server (EGL on X11); wide enough for the 1600x1000 window and the host
    // monitor beside it.
    return pinstage::test::execWithTestDisplay<tst_QueuePanel, QApplication>(
        argc, argv, QStringLiteral("2900x1100x24"), false, __FILE__);
}

#include "tst_queuepanel.moc"
