// SPDX-License-Identifier: GPL-2.0-or-later
// Issue 9, "brand theme previewed live": the card style dialog (View ▸ Card style…) on the real
// Studio under a private Xvfb. A product is pinned; changing the accent colour in the dialog changes
// the card's pixels in the program (frames read back from libobs as the encoders get them) and in
// the dialog's own preview; Cancel puts the old look back; a bad value is named next to its field
// and keeps OK disabled; the colour picker is a real QColorDialog; OK writes [card] to the settings
// file. A screenshot of the dialog is written for people to look at (PINSTAGE_SCREENSHOT_DIR, else
// the temporary folder).
#include "MainWindow.h"
#include "ProgramFrame.h"
#include "TestDisplay.h"
#include "TestDisplayMain.h"
#include "TestStudio.h"
#include "TestTempDir.h"
#include "XvfbServer.h"
#include "dialogs/CardThemeDialog.h"
#include "overlay/CardLayout.h"
#include "overlay/ProductCardLayer.h"
#include "settings/MemorySecretStore.h"
#include "settings/Settings.h"
#include "show/ShowController.h"
#include "show/Studio.h"
#include "widgets/PreviewWidget.h"

#include <QAction>
#include <QApplication>
#include <QColorDialog>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QScreen>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <obs.h>

#include <memory>

using namespace pinstage;
using namespace pinstage::test;

namespace {

const QSize Canvas(360, 640);
const QColor Blue(0x22, 0x88, 0xFF);

QColor meanColour(const QImage& image, const QRect& rect)
{
    qint64 r = 0, g = 0, b = 0, n = 0;
    for (int y = rect.top(); y <= rect.bottom(); ++y) {
        for (int x = rect.left(); x <= rect.right(); ++x) {
            const QRgb p = image.pixel(x, y);
            r += qRed(p);
            g += qGreen(p);
            b += qBlue(p);
            ++n;
        }
    }
    return n ? QColor(int(r / n), int(g / n), int(b / n)) : QColor();
}

bool close(const QColor& a, const QColor& b, int tolerance = 30)
{
    return std::abs(a.red() - b.red()) <= tolerance && std::abs(a.green() - b.green()) <= tolerance
        && std::abs(a.blue() - b.blue()) <= tolerance;
}

// How many pixels of IMAGE are within 30 of COLOUR.
int pixelsOf(const QImage& image, const QColor& colour)
{
    const QImage img = image.convertToFormat(QImage::Format_RGB32);
    int n = 0;
    for (int y = 0; y < img.height(); ++y)
        for (int x = 0; x < img.width(); ++x)
            n += close(QColor(img.pixel(x, y)), colour) ? 1 : 0;
    return n;
}

// Types TEXT into the line edit as a person would (select all, type): textEdited fires.
void typeInto(QWidget* editor, const QString& text)
{
    auto* edit = qobject_cast<QLineEdit*>(editor);
    QVERIFY(edit);
    edit->setFocus();
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Backspace);
    QTest::keyClicks(edit, text);
}

} // namespace

class tst_CardThemeDialog : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void viewMenuOpensTheDialog();
    void accentColourChangesTheProgramAndCancelRestoresIt();
    void badValueIsNamedNextToItsFieldAndBlocksOk();
    void colourPickerIsARealColourDialog();
    void okSavesTheStyleToTheSettingsFile();

private:
    CardThemeDialog* openDialog();
    QColor programAccent();

    QTemporaryDir m_data;
    std::unique_ptr<TestTempDir> m_settingsDir;
    std::unique_ptr<Settings> m_settings;
    MemorySecretStore m_keychain;
    std::unique_ptr<Studio> m_studio;
    std::unique_ptr<MainWindow> m_window;
    QRect m_accentBar; // in the program, canvas pixels (the default template on the whole canvas)
};

void tst_CardThemeDialog::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_data.isValid());
    Studio::Options options = test::studioOptionsForTests(m_data.path(), Canvas);
    options.microphone = QStringLiteral("none");
    QString error;
    m_studio = Studio::create(options, &error);
    QVERIFY2(m_studio, qPrintable(error));
    m_settingsDir = std::make_unique<TestTempDir>(QStringLiteral("cardtheme-settings"));
    m_settings = std::make_unique<Settings>(m_settingsDir->filePath(QStringLiteral("pinstage.ini")));
    QVERIFY(m_settings->load());
    m_window = std::make_unique<MainWindow>(*m_studio, *m_settings, m_keychain);
    m_window->resize(1280, 800);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get(), kWindowWaitMs));
    QTRY_VERIFY(m_window->preview()->hasDisplay());

    // A card up, as during a show.
    m_studio->show().pin(QStringLiteral("PS-1001"));
    QTRY_VERIFY_WITH_TIMEOUT(m_studio->show().card().has_value(), 10000);
    m_accentBar = CardLayout::accentBarRect(Canvas).adjusted(2, 4, -2, -4);
    // The pin slides in over ~300 ms: wait for the bar in the default accent.
    QTRY_VERIFY_WITH_TIMEOUT(close(programAccent(), CardLayout::accentColor()), 10000);
}

void tst_CardThemeDialog::cleanupTestCase()
{
    m_window.reset();
    m_studio.reset();
}

QColor tst_CardThemeDialog::programAccent()
{
    const QImage frame = grabProgramFrame(Canvas);
    return frame.isNull() ? QColor() : meanColour(frame, m_accentBar);
}

CardThemeDialog* tst_CardThemeDialog::openDialog()
{
    m_window->cardStyleAction()->trigger();
    auto* dialog = m_window->findChild<CardThemeDialog*>();
    if (dialog)
        (void)QTest::qWaitForWindowExposed(dialog, kWindowWaitMs); // the caller checks the dialog itself
    return dialog;
}

void tst_CardThemeDialog::viewMenuOpensTheDialog()
{
    auto* view = m_window->findChild<QMenu*>(QStringLiteral("viewMenu"));
    QVERIFY(view);
    QVERIFY(view->actions().contains(m_window->cardStyleAction()));
    QCOMPARE(m_window->cardStyleAction()->text(), QStringLiteral("&Card style…"));
    CardThemeDialog* dialog = openDialog();
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    QCOMPARE(dialog->windowTitle(), QStringLiteral("Card style"));
    // Every field has its editor and its message label, empty while the value is valid.
    for (const QString& field : CardThemeDialog::fieldNames()) {
        QVERIFY2(dialog->editor(field), qPrintable(field));
        QVERIFY2(dialog->message(field) && dialog->message(field)->text().isEmpty(), qPrintable(field));
    }
    QCOMPARE(
        qobject_cast<QLineEdit*>(dialog->editor(QStringLiteral("accent")))->text(), CardLayout::accentColor().name());
    QVERIFY(!dialog->previewLabel()->pixmap().isNull());

    // For people to look at: the dialog over the window.
    const QString dir = qEnvironmentVariableIsSet("PINSTAGE_SCREENSHOT_DIR")
        ? qEnvironmentVariable("PINSTAGE_SCREENSHOT_DIR")
        : QDir::tempPath();
    QApplication::processEvents();
    dialog->grab().save(QDir(dir).filePath(QStringLiteral("card-style-dialog.png")));
    dialog->reject();
    QTRY_VERIFY(!m_window->findChild<CardThemeDialog*>());
}

void tst_CardThemeDialog::accentColourChangesTheProgramAndCancelRestoresIt()
{
    CardThemeDialog* dialog = openDialog();
    QVERIFY(dialog);
    const QImage previewBefore = dialog->previewLabel()->pixmap().toImage();
    const int blueBefore = pixelsOf(previewBefore, Blue);

    typeInto(dialog->editor(QStringLiteral("accent")), Blue.name());
    QVERIFY(dialog->message(QStringLiteral("accent"))->text().isEmpty());
    QCOMPARE(m_studio->cardTheme().accent, Blue);
    // The program: the card's accent bar turns blue (repainted on the card stage's thread).
    QTRY_VERIFY_WITH_TIMEOUT(close(programAccent(), Blue), 10000);
    // The dialog's preview too.
    const int blueAfter = pixelsOf(dialog->previewLabel()->pixmap().toImage(), Blue);
    QVERIFY2(blueAfter > blueBefore + 100, qPrintable(QStringLiteral("%1 -> %2").arg(blueBefore).arg(blueAfter)));

    // Cancel: the old accent, on the program and in the studio.
    dialog->buttons()->button(QDialogButtonBox::Cancel)->click();
    QTRY_VERIFY(!m_window->findChild<CardThemeDialog*>());
    QCOMPARE(m_studio->cardTheme().accent, CardLayout::accentColor());
    QTRY_VERIFY_WITH_TIMEOUT(close(programAccent(), CardLayout::accentColor()), 10000);
    // Nothing was saved.
    Settings again(m_settings->filePath());
    QVERIFY(again.load());
    QCOMPARE(again.cardTheme().accent, CardLayout::accentColor());
}

void tst_CardThemeDialog::badValueIsNamedNextToItsFieldAndBlocksOk()
{
    CardThemeDialog* dialog = openDialog();
    QVERIFY(dialog);
    QPushButton* ok = dialog->buttons()->button(QDialogButtonBox::Ok);
    QVERIFY(ok->isEnabled());
    const CardTheme before = m_studio->cardTheme();

    typeInto(dialog->editor(QStringLiteral("background")), QStringLiteral("#12"));
    QVERIFY2(dialog->message(QStringLiteral("background"))->text().contains(QStringLiteral("is not a colour")),
        qPrintable(dialog->message(QStringLiteral("background"))->text()));
    QVERIFY(!ok->isEnabled());
    QCOMPARE(m_studio->cardTheme(), before); // the program keeps the last valid value

    typeInto(dialog->editor(QStringLiteral("shop_url")), QStringLiteral("ftp://shop.example.com"));
    QVERIFY2(dialog->message(QStringLiteral("shop_url"))->text().contains(QStringLiteral("http")),
        qPrintable(dialog->message(QStringLiteral("shop_url"))->text()));
    typeInto(dialog->editor(QStringLiteral("logo")), m_data.filePath(QStringLiteral("no-such-logo.png")));
    QVERIFY2(dialog->message(QStringLiteral("logo"))->text().startsWith(QStringLiteral("No file at")),
        qPrintable(dialog->message(QStringLiteral("logo"))->text()));
    auto* font = qobject_cast<QComboBox*>(dialog->editor(QStringLiteral("font_family")));
    font->setCurrentText(QStringLiteral("No Such Font Family"));
    QVERIFY2(dialog->message(QStringLiteral("font_family"))->text().contains(QStringLiteral("not installed")),
        qPrintable(dialog->message(QStringLiteral("font_family"))->text()));

    // Fixed one by one: OK comes back when the last one is.
    typeInto(dialog->editor(QStringLiteral("background")), QStringLiteral("#fffdf5"));
    typeInto(dialog->editor(QStringLiteral("shop_url")), QStringLiteral("https://shop.example.com"));
    typeInto(dialog->editor(QStringLiteral("logo")), QString());
    QVERIFY(!ok->isEnabled());
    font->setCurrentText(QString());
    for (const QString& field : CardThemeDialog::fieldNames())
        QVERIFY2(dialog->message(field)->text().isEmpty(), qPrintable(field));
    QVERIFY(ok->isEnabled());
    QCOMPARE(m_studio->cardTheme().background, QColor(0xff, 0xfd, 0xf5));
    QCOMPARE(m_studio->cardExtras().shopUrl, QStringLiteral("https://shop.example.com"));
    dialog->reject();
    QTRY_VERIFY(!m_window->findChild<CardThemeDialog*>());
    QCOMPARE(m_studio->cardTheme(), before);
    QVERIFY(m_studio->cardExtras().isEmpty());
}

void tst_CardThemeDialog::colourPickerIsARealColourDialog()
{
    CardThemeDialog* dialog = openDialog();
    QVERIFY(dialog);
    dialog->colourButton(QStringLiteral("accent"))->click();
    QColorDialog* picker = nullptr;
    QTRY_VERIFY((picker = dialog->findChild<QColorDialog*>()) != nullptr);
    QTRY_VERIFY(picker->isVisible());
    picker->setCurrentColor(QColor(0x10, 0xB9, 0x81));
    QCOMPARE(qobject_cast<QLineEdit*>(dialog->editor(QStringLiteral("accent")))->text(), QStringLiteral("#10b981"));
    QCOMPARE(m_studio->cardTheme().accent, QColor(0x10, 0xB9, 0x81));
    QTRY_VERIFY_WITH_TIMEOUT(close(programAccent(), QColor(0x10, 0xB9, 0x81)), 10000);
    // Cancel in the picker: the colour before it opened.
    picker->reject();
    QCOMPARE(m_studio->cardTheme().accent, CardLayout::accentColor());
    dialog->reject();
    QTRY_VERIFY(!m_window->findChild<CardThemeDialog*>());
}

void tst_CardThemeDialog::okSavesTheStyleToTheSettingsFile()
{
    CardThemeDialog* dialog = openDialog();
    QVERIFY(dialog);
    auto* templates = qobject_cast<QComboBox*>(dialog->editor(QStringLiteral("template")));
    templates->setCurrentIndex(templates->findData(QStringLiteral("lower-third")));
    QCOMPARE(m_studio->cardTemplate().name(), QStringLiteral("lower-third"));
    typeInto(dialog->editor(QStringLiteral("accent")), Blue.name());
    typeInto(dialog->editor(QStringLiteral("promo_code")), QStringLiteral("LIVE10"));
    typeInto(dialog->editor(QStringLiteral("shop_url")), QStringLiteral("https://shop.example.com/"));
    // The lower third's bar, blue, on the program.
    const QRect bar
        = CardTemplate(CardTemplate::Kind::LowerThird)
              .layout(Canvas, QRect())
              .accentBarRect
              .translated(CardTemplate(CardTemplate::Kind::LowerThird).layout(Canvas, QRect()).cardRect.topLeft())
              .adjusted(1, 4, -1, -4);
    QTRY_VERIFY_WITH_TIMEOUT(close(meanColour(grabProgramFrame(Canvas), bar), Blue), 10000);
    const QString dir = qEnvironmentVariableIsSet("PINSTAGE_SCREENSHOT_DIR")
        ? qEnvironmentVariable("PINSTAGE_SCREENSHOT_DIR")
        : QDir::tempPath();
    dialog->grab().save(QDir(dir).filePath(QStringLiteral("card-style-dialog-edited.png")));
    grabProgramFrame(Canvas).save(QDir(dir).filePath(QStringLiteral("card-style-program.png")));

    dialog->buttons()->button(QDialogButtonBox::Ok)->click();
    QTRY_VERIFY(!m_window->findChild<CardThemeDialog*>());
    Settings again(m_settings->filePath());
    QVERIFY(again.load());
    QCOMPARE(again.cardTemplateName(), QStringLiteral("lower-third"));
    QCOMPARE(again.cardTheme().accent, Blue);
    QCOMPARE(again.cardExtras().promoCode, QStringLiteral("LIVE10"));
    QCOMPARE(again.cardExtras().shopUrl, QStringLiteral("https://shop.example.com"));
    // And the program keeps it.
    QCOMPARE(m_studio->cardTheme().accent, Blue);
    QCOMPARE(m_studio->cardExtras().promoCode, QStringLiteral("LIVE10"));
}

int main(int argc, char** argv)
{
    // libobs needs a real X server (EGL on X11) before the application connects.
    return pinstage::test::execWithTestDisplay<tst_CardThemeDialog, QApplication>(
        argc, argv, QStringLiteral("1280x800x24"), false, __FILE__);
}

#include "tst_cardthemedialog.moc"
