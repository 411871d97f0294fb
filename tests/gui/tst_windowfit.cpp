// SPDX-License-Identifier: GPL-2.0-or-later
// Every dialog and dock of the studio window, laid out on a small laptop screen (1280x800 by
// default; PINSTAGE_FIT_SCREEN=WxH for another, and QT_SCALE_FACTOR for a high-DPI run), in the
// studio's dark style sheet, on a private Xvfb with a private PulseAudio and a real Studio at
// 360x640. For each, every visible text must fit where it is drawn:
//  - a label's text in its width (a word-wrapped one: its height for that width);
//  - a check box's, radio button's and push button's text;
//  - the text lines of line edits, editable boxes and spin boxes at least as tall as the font
//    (the style sheet's padding and border must leave room for the glyphs);
//  - no widget cut by the edge of the widget that holds it (outside scroll areas);
//  - the dialog on the screen;
//  - no "(s)" plural in any text a seller reads (tr() with %n says "1 field", "2 fields");
//  - a drop-down list of a box in the studio's colours;
//  - no widget shown as a stray window of its own while a dialog is built or used (a widget shown
//    before it had a parent: issue 8's window freeze).
// Grabs of every dialog go to $TMPDIR/pinstage-fit-WxH/ for a person to look at.
#include "MainWindow.h"
#include "PulseAudioServer.h"
#include "StrayWindows.h"
#include "TestDisplay.h"
#include "TestDisplayMain.h"
#include "TestStudio.h"
#include "TestTempDir.h"
#include "XvfbServer.h"
#include "dialogs/AboutDialog.h"
#include "dialogs/CardThemeDialog.h"
#include "dialogs/DestinationDialog.h"
#include "dialogs/DestinationListDialog.h"
#include "dialogs/FirstRunGuide.h"
#include "dialogs/HotkeysDialog.h"
#include "dialogs/ImportDialog.h"
#include "dialogs/PreflightDialog.h"
#include "dialogs/SettingsDialog.h"
#include "docks/QueuePanel.h"
#include "output/PlatformPreset.h"
#include "settings/DestinationBook.h"
#include "settings/SecretStore.h"
#include "settings/Settings.h"
#include "show/Studio.h"
#include "widgets/ElidingLabel.h"
#include "widgets/HotkeysEditor.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractScrollArea>
#include <QAbstractSpinBox>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDockWidget>
#include <QKeySequenceEdit>
#include <QLabel>
#include <QLayout>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QScreen>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStyleOptionComboBox>
#include <QStyleOptionFrame>
#include <QTabBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include <memory>

using namespace pinstage;
using namespace pinstage::test;

namespace {

// A keychain that never answers: the destination dialog then shows its longest form (the
// session-only warning, the key file box and its warning).
class DeadKeychain : public SecretStore {
public:
    void readSecret(const QString&, QObject* context, Callback callback) override { fail(context, callback); }
    void writeSecret(const QString&, const QString&, QObject* context, Callback callback) override
    {
        fail(context, callback);
    }
    void deleteSecret(const QString&, QObject* context, Callback callback) override { fail(context, callback); }
    bool isPersistent() const override { return true; }
    QString description() const override { return QStringLiteral("the system keychain"); }

private:
    static void fail(QObject* context, Callback callback)
    {
        QMetaObject::invokeMethod(
            context,
            [callback] {
                callback({ Status::Unavailable, {}, QStringLiteral("No keychain service is running") });
            },
            Qt::QueuedConnection);
    }
};

QString describe(const QWidget* w)
{
    QStringList path;
    for (const QWidget* p = w; p && !p->isWindow(); p = p->parentWidget())
        path.prepend(p->objectName().isEmpty() ? QString::fromLatin1(p->metaObject()->className()) : p->objectName());
    return path.join(QLatin1Char('/'));
}

bool insideScrollArea(const QWidget* w)
{
    for (const QWidget* p = w->parentWidget(); p && !p->isWindow(); p = p->parentWidget())
        if (qobject_cast<const QAbstractScrollArea*>(p))
            return true;
    return false;
}

// The height of the text line of EDIT: what QLineEdit draws the glyphs into.
int lineEditTextHeight(const QLineEdit* edit)
{
    QStyleOptionFrame option;
    option.initFrom(edit);
    option.rect = edit->rect();
    option.lineWidth = edit->hasFrame() ? edit->style()->pixelMetric(QStyle::PM_DefaultFrameWidth, &option, edit) : 0;
    option.midLineWidth = 0;
    option.state |= QStyle::State_Sunken;
    option.features = QStyleOptionFrame::None;
    QRect r = edit->style()->subElementRect(QStyle::SE_LineEditContents, &option, edit);
    const QMargins m = edit->textMargins();
    r = r.marginsRemoved(m);
    return r.height();
}

const QRegularExpression PluralS(QStringLiteral("[A-Za-z]\\(s\\)"));

// Every way a text can be shown by W.
QStringList textsOf(const QWidget* w)
{
    QStringList texts { w->toolTip(), w->windowTitle() };
    if (auto* label = qobject_cast<const QLabel*>(w))
        texts << label->text();
    if (auto* button = qobject_cast<const QAbstractButton*>(w))
        texts << button->text();
    if (auto* edit = qobject_cast<const QLineEdit*>(w))
        texts << edit->placeholderText();
    if (auto* box = qobject_cast<const QComboBox*>(w))
        for (int i = 0; i < box->count(); ++i)
            texts << box->itemText(i);
    if (auto* tabs = qobject_cast<const QTabBar*>(w))
        for (int i = 0; i < tabs->count(); ++i)
            texts << tabs->tabText(i) << tabs->tabToolTip(i);
    return texts;
}

// What does not fit in TOP (a window), one line each.
QStringList misfits(QWidget* top)
{
    QStringList out;
    const QString where
        = top->objectName().isEmpty() ? QString::fromLatin1(top->metaObject()->className()) : top->objectName();
    const auto say = [&](const QWidget* w, const QString& what) {
        out << where + QLatin1Char(':') + describe(w) + QLatin1String(": ") + what;
    };
    if (QScreen* screen = top->screen()) {
        const QRect avail = screen->availableGeometry();
        if (!avail.contains(top->frameGeometry()))
            out << QStringLiteral("%1: %2x%3 at %4,%5 does not fit the screen's %6x%7")
                       .arg(where)
                       .arg(top->frameGeometry().width())
                       .arg(top->frameGeometry().height())
                       .arg(top->frameGeometry().x())
                       .arg(top->frameGeometry().y())
                       .arg(avail.width())
                       .arg(avail.height());
    }
    for (QWidget* w : top->findChildren<QWidget*>()) {
        if (!w->isVisibleTo(top) || w->window() != top)
            continue;
        for (const QString& text : textsOf(w))
            if (text.contains(PluralS))
                say(w, QStringLiteral("“%1” has a (s) plural").arg(text.left(80)));
        const QFontMetrics fm = w->fontMetrics();
        if (auto* label = qobject_cast<QLabel*>(w)) {
            if (label->text().isEmpty() || label->pixmap().isNull() == false)
                continue;
            if (label->wordWrap()) {
                const int need = label->heightForWidth(label->width());
                if (need > label->height() + 1)
                    say(w,
                        QStringLiteral("“%1” needs %2 px of height, has %3")
                            .arg(label->text().left(60))
                            .arg(need)
                            .arg(label->height()));
            } else if (!qobject_cast<ElidingLabel*>(label)) { // an ElidingLabel ends in "…" by design
                const QSize hint = label->sizeHint();
                if (hint.width() > label->width() + 1 || fm.height() > label->contentsRect().height() + 1)
                    say(w,
                        QStringLiteral("“%1” needs %2x%3, has %4x%5")
                            .arg(label->text().left(60))
                            .arg(hint.width())
                            .arg(hint.height())
                            .arg(label->width())
                            .arg(label->height()));
            }
        } else if (qobject_cast<QCheckBox*>(w) || qobject_cast<QRadioButton*>(w) || qobject_cast<QPushButton*>(w)) {
            auto* button = static_cast<QAbstractButton*>(w);
            const QSize hint = button->minimumSizeHint().expandedTo(button->sizeHint());
            if (!button->text().isEmpty() && (hint.width() > w->width() + 1 || fm.height() > w->height()))
                say(w,
                    QStringLiteral("“%1” needs %2x%3, has %4x%5")
                        .arg(button->text().left(60))
                        .arg(hint.width())
                        .arg(hint.height())
                        .arg(w->width())
                        .arg(w->height()));
        } else if (auto* edit = qobject_cast<QLineEdit*>(w)) {
            const int text = lineEditTextHeight(edit);
            if (text < fm.height())
                say(w,
                    QStringLiteral("a text line of %1 px for a font %2 px high (the glyphs are cut)")
                        .arg(text)
                        .arg(fm.height()));
        } else if (auto* box = qobject_cast<QComboBox*>(w); box && !box->isEditable()) {
            if (box->height() < box->sizeHint().height())
                say(w, QStringLiteral("%1 px high, needs %2").arg(box->height()).arg(box->sizeHint().height()));
            QStyleOptionComboBox option;
            option.initFrom(box);
            option.editable = false;
            option.currentText = box->currentText();
            const QRect field
                = box->style()->subControlRect(QStyle::CC_ComboBox, &option, QStyle::SC_ComboBoxEditField, box);
            const int need = fm.horizontalAdvance(box->currentText());
            if (need > field.width() + 1)
                say(w,
                    QStringLiteral("“%1” needs %2 px, its box shows %3")
                        .arg(box->currentText())
                        .arg(need)
                        .arg(field.width()));
        } else if (auto* edit = qobject_cast<QComboBox*>(w);
                   edit && edit->isEditable() && edit->lineEdit() && edit->currentText().isEmpty()) {
            // An empty editable box shows its placeholder: it must fit.
            const QString placeholder = edit->lineEdit()->placeholderText();
            const int need = edit->lineEdit()->fontMetrics().horizontalAdvance(placeholder);
            if (need > edit->lineEdit()->width())
                say(w,
                    QStringLiteral("the hint “%1” needs %2 px, has %3")
                        .arg(placeholder)
                        .arg(need)
                        .arg(edit->lineEdit()->width()));
        }
        // Cut by the widget that holds it (scroll areas cut on purpose).
        QWidget* parent = w->parentWidget();
        if (parent && parent != top && !insideScrollArea(w) && !qobject_cast<QAbstractScrollArea*>(parent)
            && !qobject_cast<QTabBar*>(parent) && !qobject_cast<QComboBox*>(parent)
            && !qobject_cast<QAbstractSpinBox*>(parent) && !qobject_cast<QLineEdit*>(parent)
            && !qobject_cast<QKeySequenceEdit*>(parent) && !parent->rect().contains(w->geometry())
            && w->geometry().intersects(parent->rect()) && w->width() > 0 && w->height() > 0)
            say(w,
                QStringLiteral("cut by its parent: %1,%2 %3x%4 in %5x%6")
                    .arg(w->x())
                    .arg(w->y())
                    .arg(w->width())
                    .arg(w->height())
                    .arg(parent->width())
                    .arg(parent->height()));
    }
    return out;
}

bool darkBackground(const QWidget* w)
{
    const QImage image = const_cast<QWidget*>(w)->grab().toImage();
    if (image.isNull())
        return false;
    const QColor c = image.pixelColor(image.width() / 2, image.height() / 2);
    return c.lightness() < 100;
}

} // namespace

class tst_WindowFit : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();

    void mainWindowAndDocksFit();
    void destinationDialogFits_data();
    void destinationDialogFits();
    void destinationHintsFollowThePlatform();
    void destinationDialogLeavesTheGuideButtons();
    void destinationDialogFitsWithSeveralDestinations();
    void settingsPagesFit_data();
    void settingsPagesFit();
    void settingsHotkeysUseTheHeight();
    void settingsErrorsNameTheirPages();
    void firstRunStepsFit();
    void otherDialogsFit();
    void dropDownListsAreDark();

private:
    void look(QWidget* window, const QString& name);
    void verifyFits(QWidget* window, const QString& name);

    QString m_shots;
    QTemporaryDir m_data;
    std::unique_ptr<Studio> m_studio;
    std::unique_ptr<TestTempDir> m_config;
    std::unique_ptr<Settings> m_settings;
    DeadKeychain m_keychain;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<StrayWindows> m_stray;
};

void tst_WindowFit::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_data.isValid());
    const QSize screen = QGuiApplication::primaryScreen()->availableGeometry().size();
    m_shots = QDir::temp().filePath(QStringLiteral("pinstage-fit-%1x%2").arg(screen.width()).arg(screen.height()));
    QVERIFY(QDir().mkpath(m_shots));
    qInfo("logical screen %dx%d, device pixel ratio %.2f; grabs in %s", screen.width(), screen.height(),
        QGuiApplication::primaryScreen()->devicePixelRatio(), qPrintable(m_shots));
    const Studio::Options options = test::studioOptionsForTests(m_data.path());
    QString error;
    m_studio = Studio::create(options, &error);
    QVERIFY2(m_studio, qPrintable(error));
    m_config = std::make_unique<TestTempDir>(QStringLiteral("fit-config"));
    m_settings = std::make_unique<Settings>(m_config->filePath(QStringLiteral("pinstage.ini")));
    QVERIFY(m_settings->load());
    m_window = std::make_unique<MainWindow>(*m_studio, *m_settings, m_keychain);
    m_window->setGeometry(QGuiApplication::primaryScreen()->availableGeometry());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get(), kWindowWaitMs));
}

void tst_WindowFit::init()
{
    m_stray = std::make_unique<StrayWindows>();
}

void tst_WindowFit::cleanup()
{
    // Every dialog and dock this test opened: nothing flashed up as a window of its own.
    const QStringList stray = m_stray ? m_stray->found() : QStringList();
    m_stray.reset();
    QVERIFY2(
        stray.isEmpty(), qPrintable(QStringLiteral("shown as stray windows: ") + stray.join(QStringLiteral("; "))));
}

void tst_WindowFit::cleanupTestCase()
{
    for (QWidget* w : QApplication::topLevelWidgets())
        if (auto* d = qobject_cast<QDialog*>(w); d && d->isVisible())
            d->reject();
    m_window.reset();
    m_studio.reset();
}

void tst_WindowFit::look(QWidget* window, const QString& name)
{
    QTRY_VERIFY(window->isVisible());
    // The layout's requests, then the dialog's growth (DialogFit), then its repaint.
    for (int i = 0; i < 4; ++i)
        QCoreApplication::processEvents();
    window->grab().save(QDir(m_shots).filePath(name + QStringLiteral(".png")));
}

void tst_WindowFit::verifyFits(QWidget* window, const QString& name)
{
    look(window, name);
    // A label changed by a timer (the status bar's figures) since: its layout first.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    const QStringList problems = misfits(window);
    QVERIFY2(
        problems.isEmpty(), qPrintable(QStringLiteral("%1:\n  ").arg(name) + problems.join(QStringLiteral("\n  "))));
}

void tst_WindowFit::mainWindowAndDocksFit()
{
    QCoreApplication::processEvents();
    verifyFits(m_window.get(), QStringLiteral("main-window"));
    for (QMenu* menu : m_window->menuBar()->findChildren<QMenu*>())
        for (QAction* action : menu->actions())
            QVERIFY2(!action->text().contains(PluralS), qPrintable(action->text()));
}

void tst_WindowFit::destinationDialogFits_data()
{
    QTest::addColumn<QString>("preset");
    QTest::addColumn<bool>("keyFile"); // "Keep the key in a file only you can read" ticked
    QTest::newRow("custom") << QStringLiteral("custom") << false;
    QTest::newRow("tiktok") << PlatformPresets::tikTokLiveId() << false;
    QTest::newRow("whatnot") << PlatformPresets::whatnotId() << false;
    QTest::newRow("youtube") << QStringLiteral("youtube-rtmps") << false; // several servers: the Server row
    QTest::newRow("tiktok-keyfile") << PlatformPresets::tikTokLiveId() << true; // the longest note
}

namespace {

// Issue 8's trial: the destination dialog was 630 px tall, its Save button at y≈772 of 800, and
// over the first-run guide it hid the guide's buttons. On a 1280x800 laptop it is at most 540 px
// (with its frame), and its buttons lie on the screen.
constexpr int DestinationDialogMaxHeight = 540;

QString verifyDestinationDialogSize(DestinationDialog* dialog)
{
    const QRect avail = dialog->screen()->availableGeometry();
    const QRect frame = dialog->frameGeometry();
    qInfo("destination dialog %dx%d at %d,%d (screen %dx%d)", frame.width(), frame.height(), frame.x(), frame.y(),
        avail.width(), avail.height());
    if (avail.height() <= 800 && frame.height() > DestinationDialogMaxHeight)
        return QStringLiteral("the dialog is %1 px tall, more than %2")
            .arg(frame.height())
            .arg(DestinationDialogMaxHeight);
    if (!avail.contains(frame))
        return QStringLiteral("the dialog (%1,%2 %3x%4) is not on the screen")
            .arg(frame.x())
            .arg(frame.y())
            .arg(frame.width())
            .arg(frame.height());
    for (QAbstractButton* button : dialog->findChildren<QDialogButtonBox*>().first()->buttons()) {
        const QRect onScreen(button->mapToGlobal(QPoint(0, 0)), button->size());
        if (!avail.contains(onScreen))
            return QStringLiteral("“%1” (%2,%3 %4x%5) is off the screen")
                .arg(button->text())
                .arg(onScreen.x())
                .arg(onScreen.y())
                .arg(onScreen.width())
                .arg(onScreen.height());
    }
    return {};
}

} // namespace

void tst_WindowFit::destinationDialogFits()
{
    QFETCH(QString, preset);
    QFETCH(bool, keyFile);
    DestinationDialog* dialog = m_window->openDestinationDialog();
    QVERIFY(dialog);
    auto close = qScopeGuard([dialog] { dialog->reject(); });
    // The no-keychain form: the warning box, the key file box and its warning are shown.
    QTRY_VERIFY(!dialog->rememberBox()->isEnabled());
    QTRY_VERIFY(dialog->keyFileBox()->isVisible());
    QVERIFY(dialog->choosePreset(preset));
    dialog->keyFileBox()->setChecked(keyFile);
    QCoreApplication::processEvents();
    verifyFits(dialog, QStringLiteral("destination-") + preset + (keyFile ? QStringLiteral("-keyfile") : QString()));
    const QString size = verifyDestinationDialogSize(dialog);
    QVERIFY2(size.isEmpty(), qPrintable(size));
    // As tall as its lines need: no gap of more than a line between them (Qt's first guess for
    // word-wrapped lines was too tall, and the rest sat between the notes).
    const int need = dialog->layout()->totalHeightForWidth(dialog->width());
    QVERIFY2(dialog->height() <= need + dialog->fontMetrics().height(),
        qPrintable(QStringLiteral("%1 px tall, its lines need %2").arg(dialog->height()).arg(need)));
}

void tst_WindowFit::destinationDialogLeavesTheGuideButtons()
{
    // Opened from the first-run guide's platform step, the dialog leaves the guide's own buttons
    // (Back, Next, Skip set-up) in sight.
    FirstRunGuide* guide = m_window->openFirstRunGuide();
    QVERIFY(guide);
    auto closeGuide = qScopeGuard([guide] { guide->reject(); });
    QTRY_VERIFY(guide->isVisible());
    guide->showStep(QStringLiteral("platform"));
    guide->destinationButton()->click();
    DestinationDialog* dialog = nullptr;
    const auto shown = [this, &dialog] {
        for (DestinationDialog* d : m_window->findChildren<DestinationDialog*>())
            if (d->isVisible())
                dialog = d;
        return dialog != nullptr;
    };
    QTRY_VERIFY(shown());
    auto close = qScopeGuard([dialog] { dialog->reject(); });
    QTRY_VERIFY(!dialog->rememberBox()->isEnabled()); // its longest form: no keychain answers
    QVERIFY(dialog->choosePreset(QStringLiteral("youtube-rtmps")));
    look(dialog, QStringLiteral("destination-over-guide"));
    // The whole screen as the seller sees it (the X root window: the window, the guide, the dialog).
    dialog->screen()->grabWindow(0).save(QDir(m_shots).filePath(QStringLiteral("screen-destination-over-guide.png")));
    const QString size = verifyDestinationDialogSize(dialog);
    QVERIFY2(size.isEmpty(), qPrintable(size));
    const QRect frame = dialog->frameGeometry();
    for (QPushButton* button : { guide->backButton(), guide->nextButton(), guide->skipButton() }) {
        if (!button->isVisible())
            continue;
        const QRect onScreen(button->mapToGlobal(QPoint(0, 0)), button->size());
        QVERIFY2(!frame.intersects(onScreen),
            qPrintable(QStringLiteral("the dialog (%1,%2 %3x%4) covers the guide's “%5” (%6,%7)")
                           .arg(frame.x())
                           .arg(frame.y())
                           .arg(frame.width())
                           .arg(frame.height())
                           .arg(button->text())
                           .arg(onScreen.x())
                           .arg(onScreen.y())));
    }
}

// ui13's leftover: with several saved destinations (the "Also stream to" boxes, one per other
// destination) and the key file's note, the dialog still fits a 1280x800 laptop; and so does the
// list of File ▸ Destinations and stream keys….
void tst_WindowFit::destinationDialogFitsWithSeveralDestinations()
{
    DestinationBook* book = m_window->destinationBook();
    QVERIFY(book);
    const QStringList names { QStringLiteral("TikTok shop"), QStringLiteral("Whatnot Friday drop"),
        QStringLiteral("YouTube studio"), QStringLiteral("Amazon Live"), QStringLiteral("Backup server"),
        QStringLiteral("Local test") };
    QSignalSpy saved(book, &DestinationBook::saved);
    for (const QString& name : names)
        book->save({ name, QStringLiteral("rtmp://ingest.example/%1").arg(names.indexOf(name)) }, QString(), false);
    QTRY_COMPARE(saved.size(), names.size());
    auto removeAll = qScopeGuard([book, names] {
        for (const QString& name : names)
            book->remove(name);
    });
    for (const QString& preset : { PlatformPresets::tikTokLiveId(), QStringLiteral("youtube-rtmps") }) {
        DestinationDialog* dialog = m_window->openDestinationDialog();
        QVERIFY(dialog);
        auto close = qScopeGuard([dialog] { dialog->reject(); });
        QTRY_VERIFY(dialog->keyFileBox()->isVisible()); // its longest form: no keychain answers
        QVERIFY(dialog->choosePreset(preset));
        dialog->keyFileBox()->setChecked(true);
        QCOMPARE(dialog->findChildren<QCheckBox*>(QStringLiteral("alsoStreamTo")).size(), names.size());
        const QString shot = QStringLiteral("destination-several-") + preset;
        verifyFits(dialog, shot);
        const QString size = verifyDestinationDialogSize(dialog);
        QVERIFY2(size.isEmpty(), qPrintable(shot + QStringLiteral(": ") + size));
    }
    DestinationListDialog* list = m_window->openDestinationList();
    QVERIFY(list);
    auto closeList = qScopeGuard([list] { list->reject(); });
    QCOMPARE(list->names(), names);
    verifyFits(list, QStringLiteral("destination-list"));
    const QRect avail = list->screen()->availableGeometry();
    QVERIFY2(avail.contains(list->frameGeometry()), "the destination list is off the screen");
}

void tst_WindowFit::destinationHintsFollowThePlatform()
{
    DestinationDialog* dialog = m_window->openDestinationDialog();
    QVERIFY(dialog);
    auto close = qScopeGuard([dialog] { dialog->reject(); });
    // What the dialog says about the chosen platform (the platform list itself names them all, and
    // the name box's example is only an example).
    const auto shownTexts = [dialog] {
        QStringList texts;
        for (QWidget* w : dialog->findChildren<QWidget*>()) {
            if (!w->isVisibleTo(dialog) || w == dialog->presetBox() || w == dialog->nameBox()
                || w->parentWidget() == dialog->presetBox() || w->parentWidget() == dialog->nameBox())
                continue;
            texts << textsOf(w);
        }
        return texts.join(QLatin1Char('\n'));
    };
    QVERIFY(dialog->choosePreset(QStringLiteral("custom")));
    QVERIFY2(!shownTexts().contains(QStringLiteral("TikTok")), qPrintable(shownTexts()));
    QVERIFY(dialog->choosePreset(PlatformPresets::tikTokLiveId()));
    QVERIFY(dialog->hintLabel()->isVisibleTo(dialog));
    QVERIFY2(dialog->hintLabel()->text().contains(QStringLiteral("TikTok")), qPrintable(dialog->hintLabel()->text()));
    QVERIFY(dialog->choosePreset(PlatformPresets::whatnotId()));
    QVERIFY2(!shownTexts().contains(QStringLiteral("TikTok")), qPrintable(shownTexts()));
    QVERIFY(dialog->choosePreset(QStringLiteral("custom")));
    QVERIFY(!dialog->hintLabel()->isVisibleTo(dialog));
}

void tst_WindowFit::settingsPagesFit_data()
{
    QTest::addColumn<QString>("page");
    for (const QString& page : SettingsDialog::pageNames())
        QTest::newRow(qPrintable(page)) << page;
}

void tst_WindowFit::settingsPagesFit()
{
    QFETCH(QString, page);
    SettingsDialog* dialog = m_window->openSettingsDialog(page);
    QVERIFY(dialog);
    auto close = qScopeGuard([dialog] { dialog->reject(); });
    // With the longest messages shown: a wrong value in every field of the page.
    if (page == QLatin1String("video")) {
        dialog->setFieldText(QStringLiteral("canvas"), QStringLiteral("wide"));
        dialog->setFieldText(QStringLiteral("fps"), QStringLiteral("500"));
    } else if (page == QLatin1String("encoder")) {
        dialog->setBitrateCeiling(3500, QStringLiteral("Whatnot"));
        dialog->setFieldText(QStringLiteral("bitrate"), QStringLiteral("4500"));
        dialog->setFieldText(QStringLiteral("keyframe"), QStringLiteral("0"));
    } else if (page == QLatin1String("show")) {
        dialog->setFieldText(QStringLiteral("title"), QString());
    }
    QCoreApplication::processEvents();
    verifyFits(dialog, QStringLiteral("settings-") + page);
}

void tst_WindowFit::settingsHotkeysUseTheHeight()
{
    SettingsDialog* dialog = m_window->openSettingsDialog(QStringLiteral("hotkeys"));
    QVERIFY(dialog);
    auto close = qScopeGuard([dialog] { dialog->reject(); });
    QTRY_VERIFY(dialog->isVisible());
    HotkeysEditor* editor = dialog->hotkeysEditor();
    QVERIFY(editor);
    auto* scroll = dialog->findChild<QScrollArea*>(QStringLiteral("hotkeysScroll"));
    QVERIFY(scroll);
    const QRect avail = dialog->screen()->availableGeometry();
    // Either every row shows, or the dialog takes (nearly) the screen's height and scrolls.
    const bool allShown = scroll->viewport()->height() >= editor->sizeHint().height();
    QVERIFY2(allShown || dialog->frameGeometry().height() >= avail.height() * 8 / 10,
        qPrintable(QStringLiteral("the hotkeys page shows %1 of %2 px in a dialog %3 px high on a screen of %4")
                       .arg(scroll->viewport()->height())
                       .arg(editor->sizeHint().height())
                       .arg(dialog->frameGeometry().height())
                       .arg(avail.height())));
    // Scrolled by whole rows: one step is a row's height at least.
    if (!allShown)
        QVERIFY2(scroll->verticalScrollBar()->singleStep() >= editor->fontMetrics().height(),
            qPrintable(QString::number(scroll->verticalScrollBar()->singleStep())));
}

void tst_WindowFit::settingsErrorsNameTheirPages()
{
    SettingsDialog* dialog = m_window->openSettingsDialog(QStringLiteral("video"));
    QVERIFY(dialog);
    auto close = qScopeGuard([dialog] { dialog->reject(); });
    auto* tabs = dialog->findChild<QTabWidget*>();
    QVERIFY(tabs);
    const auto tabOf = [&](const QString& page) { return int(SettingsDialog::pageNames().indexOf(page)); };
    // One wrong field: "1 field needs attention", on its page.
    dialog->setFieldText(QStringLiteral("bitrate"), QStringLiteral("99999999"));
    dialog->accept();
    QVERIFY(dialog->isVisible());
    auto* message = dialog->findChild<QLabel*>(QStringLiteral("destinationError"));
    QVERIFY(message);
    QVERIFY2(message->text().startsWith(QStringLiteral("1 field needs attention")), qPrintable(message->text()));
    QVERIFY2(message->text().contains(QStringLiteral("Encoder")), qPrintable(message->text()));
    QVERIFY(!tabs->tabIcon(tabOf(QStringLiteral("encoder"))).isNull());
    QVERIFY(tabs->tabIcon(tabOf(QStringLiteral("show"))).isNull());
    // Two on two pages: both named, both tabs marked; "2 fields".
    dialog->setFieldText(QStringLiteral("title"), QString());
    dialog->accept();
    QVERIFY2(message->text().startsWith(QStringLiteral("2 fields need attention")), qPrintable(message->text()));
    QVERIFY2(message->text().contains(QStringLiteral("Encoder")) && message->text().contains(QStringLiteral("Show")),
        qPrintable(message->text()));
    QVERIFY(!message->text().contains(PluralS));
    QVERIFY(!tabs->tabIcon(tabOf(QStringLiteral("encoder"))).isNull());
    QVERIFY(!tabs->tabIcon(tabOf(QStringLiteral("show"))).isNull());
    QVERIFY2(tabs->tabToolTip(tabOf(QStringLiteral("show"))).contains(QStringLiteral("1 field needs attention")),
        qPrintable(tabs->tabToolTip(tabOf(QStringLiteral("show")))));
    QCoreApplication::processEvents();
    verifyFits(dialog, QStringLiteral("settings-errors"));
    // Mended: the marks go as the fields are put right.
    dialog->setFieldText(QStringLiteral("bitrate"), QStringLiteral("2500"));
    QVERIFY(tabs->tabIcon(tabOf(QStringLiteral("encoder"))).isNull());
    dialog->setFieldText(QStringLiteral("title"), QStringLiteral("Friday drop"));
    QVERIFY(tabs->tabIcon(tabOf(QStringLiteral("show"))).isNull());
}

void tst_WindowFit::firstRunStepsFit()
{
    FirstRunGuide* guide = m_window->openFirstRunGuide();
    QVERIFY(guide);
    auto close = qScopeGuard([guide] { guide->reject(); });
    for (const QString& step : FirstRunGuide::stepNames()) {
        guide->showStep(step);
        QCoreApplication::processEvents();
        verifyFits(guide, QStringLiteral("first-run-") + step);
    }
}

void tst_WindowFit::otherDialogsFit()
{
    {
        PreflightDialog* dialog = m_window->openPreflightDialog();
        QVERIFY(dialog);
        verifyFits(dialog, QStringLiteral("preflight"));
        dialog->reject();
    }
    {
        AboutDialog* dialog = m_window->openAboutDialog();
        QVERIFY(dialog);
        verifyFits(dialog, QStringLiteral("about"));
        dialog->reject();
    }
    {
        HotkeysDialog* dialog = m_window->openHotkeysDialog();
        QVERIFY(dialog);
        verifyFits(dialog, QStringLiteral("hotkeys"));
        dialog->reject();
    }
    {
        CardThemeDialog* dialog = m_window->openCardThemeDialog();
        QVERIFY(dialog);
        verifyFits(dialog, QStringLiteral("card-style"));
        dialog->reject();
    }
    {
        ImportDialog* dialog = m_window->openImportDialog();
        QVERIFY(dialog);
        verifyFits(dialog, QStringLiteral("import"));
        dialog->close();
    }
}

void tst_WindowFit::dropDownListsAreDark()
{
    // The Show box of the run of show and the Platform box of the destination dialog: their lists
    // are drawn in the studio's colours, not the light default.
    auto* show = m_window->findChild<QComboBox*>(QStringLiteral("showBox"));
    QVERIFY(show);
    // A show to list: a new name and Enter, as the seller makes one.
    show->lineEdit()->clear();
    QTest::keyClicks(show->lineEdit(), QStringLiteral("Friday drop"));
    QTest::keyClick(show->lineEdit(), Qt::Key_Return);
    QTRY_VERIFY(show->count() > 0);
    show->showPopup();
    QTRY_VERIFY(show->view()->isVisible());
    QCoreApplication::processEvents();
    const QImage list = show->view()->window()->grab().toImage();
    list.save(QDir(m_shots).filePath(QStringLiteral("show-box-list.png")));
    QVERIFY2(darkBackground(show->view()->window()), "the Show box's list is light");
    show->hidePopup();
    auto* templ = m_window->findChild<QComboBox*>(QStringLiteral("templateBox"));
    QVERIFY(templ);
    templ->showPopup();
    QTRY_VERIFY(templ->view()->isVisible());
    QVERIFY2(darkBackground(templ->view()->window()), "the Template box's list is light");
    templ->view()->window()->grab().save(QDir(m_shots).filePath(QStringLiteral("template-box-list.png")));
    templ->hidePopup();
}

int main(int argc, char** argv)
{
    const QString size = qEnvironmentVariable("PINSTAGE_FIT_SCREEN", QStringLiteral("1280x800"));
    return pinstage::test::execWithTestDisplay<tst_WindowFit, QApplication>(argc, argv, size + QStringLiteral("x24"),
        true, __FILE__, [](QApplication& app) { MainWindow::applyStudioTheme(app); });
}

#include "tst_windowfit.moc"
