// SPDX-License-Identifier: GPL-2.0-or-later
// The scenes and sources docks and the properties editor, through the real libobs on a private
// Xvfb (canvas 360x640) with a private PulseAudio: a colour source is added with the sources dock,
// its colour and size changed through the widgets generated from libobs's properties, the
// program picture shows it (pixels of a frame libobs rendered), the collection file has it, and a
// new Studio and window on the same data folder show it again; scenes are added, renamed,
// duplicated, reordered, removed and switched with the scenes dock (the program's pixels follow,
// with the transition chosen there); sources are shown / hidden, locked and reordered. The
// properties view is checked widget kind by widget kind against real sources' properties
// (colour, text, image) and a test source type registered here with every property kind.
#include "MainWindow.h"
#include "MessageBox.h"
#include "ProgramFrame.h"
#include "PulseAudioServer.h"
#include "TestDisplay.h"
#include "TestDisplayMain.h"
#include "TestStudio.h"
#include "TestTempDir.h"
#include "XvfbServer.h"
#include "docks/AudioMixerDock.h"
#include "docks/ScenesDock.h"
#include "docks/SourcesDock.h"
#include "properties/PropertiesDialog.h"
#include "properties/PropertiesView.h"
#include "scene/CollectionFile.h"
#include "scene/DefaultCollection.h"
#include "scene/SceneCollection.h"
#include "settings/MemorySecretStore.h"
#include "settings/Settings.h"
#include "show/ShowController.h"
#include "show/Studio.h"
#include "widgets/NoticeBar.h"
#include "widgets/PreviewWidget.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QScreen>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include <obs.h>

#include <memory>

using namespace pinstage;
using namespace pinstage::test;

namespace {

const QSize kCanvas(360, 640);

bool near(QRgb a, const QColor& b, int tolerance = 10)
{
    return std::abs(qRed(a) - b.red()) <= tolerance && std::abs(qGreen(a) - b.green()) <= tolerance
        && std::abs(qBlue(a) - b.blue()) <= tolerance;
}

QString rgb(QRgb p)
{
    return QStringLiteral("(%1,%2,%3)").arg(qRed(p)).arg(qGreen(p)).arg(qBlue(p));
}

// True once a program frame has COLOR at POINT (canvas pixels).
bool programShows(const QPoint& point, const QColor& color, QString* seen)
{
    const QImage frame = grabProgramFrame(kCanvas, 2);
    if (frame.isNull()) {
        *seen = QStringLiteral("no frame");
        return false;
    }
    const QRgb p = frame.pixel(point);
    *seen = rgb(p);
    return near(p, color);
}

// ---- A source type with every property kind (registered here, a real libobs source) ----

struct ProbeSource {
    int updates = 0;
};
int g_buttonClicks = 0;

bool probeAdvancedChanged(obs_properties_t* props, obs_property_t*, obs_data_t* settings)
{
    const bool advanced = obs_data_get_bool(settings, "advanced");
    obs_property_set_visible(obs_properties_get(props, "expert"), advanced);
    obs_property_set_enabled(obs_properties_get(props, "gain"), !advanced);
    return true;
}

bool probeButtonClicked(obs_properties_t*, obs_property_t*, void*)
{
    ++g_buttonClicks;
    return true;
}

obs_properties_t* probeProperties(void*)
{
    obs_properties_t* props = obs_properties_create();
    obs_property_t* advanced = obs_properties_add_bool(props, "advanced", "Advanced");
    obs_property_set_modified_callback(advanced, probeAdvancedChanged);
    obs_properties_add_int(props, "expert", "Expert level", 0, 10, 1);
    obs_property_t* gain = obs_properties_add_float_slider(props, "gain", "Gain", 0.0, 2.0, 0.05);
    obs_property_float_set_suffix(gain, " x");
    obs_property_set_long_description(gain, "How loud");
    obs_property_t* level = obs_properties_add_int_slider(props, "level", "Level", 0, 100, 5);
    obs_property_int_set_suffix(level, " %");
    obs_properties_add_text(props, "key", "Secret", OBS_TEXT_PASSWORD);
    obs_properties_add_text(props, "note", "A note for the seller", OBS_TEXT_INFO);
    obs_properties_add_text(props, "script", "Script", OBS_TEXT_MULTILINE);
    obs_property_t* mode = obs_properties_add_list(props, "mode", "Mode", OBS_COMBO_TYPE_LIST, OBS_COMBO_FORMAT_INT);
    obs_property_list_add_int(mode, "Slow", 1);
    obs_property_list_add_int(mode, "Fast", 2);
    const size_t off = obs_property_list_add_int(mode, "Off (unavailable)", 3);
    obs_property_list_item_disable(mode, off, true);
    obs_property_t* url
        = obs_properties_add_list(props, "server", "Server", OBS_COMBO_TYPE_EDITABLE, OBS_COMBO_FORMAT_STRING);
    obs_property_list_add_string(url, "Europe", "rtmp://eu.example/app");
    obs_property_list_add_string(url, "America", "rtmp://us.example/app");
    obs_properties_add_path(props, "folder", "Folder", OBS_PATH_DIRECTORY, nullptr, nullptr);
    obs_properties_add_color(props, "tint", "Tint");
    obs_properties_add_font(props, "font", "Font");
    obs_properties_add_button(props, "refresh", "Refresh devices", probeButtonClicked);
    obs_property_t* fps = obs_properties_add_frame_rate(props, "fps", "Frame rate");
    obs_property_frame_rate_option_add(fps, "match", "Match the canvas");
    obs_property_frame_rate_fps_range_add(fps, media_frames_per_second { 10, 1 }, media_frames_per_second { 30, 1 });
    obs_properties_t* inner = obs_properties_create();
    obs_properties_add_int(inner, "margin", "Margin", 0, 200, 1);
    obs_properties_add_group(props, "frame", "Frame", OBS_GROUP_CHECKABLE, inner);
    obs_properties_add_editable_list(props, "words", "Banned words", OBS_EDITABLE_LIST_TYPE_STRINGS, nullptr, nullptr);
    return props;
}

void probeDefaults(obs_data_t* settings)
{
    obs_data_set_default_double(settings, "gain", 1.0);
    obs_data_set_default_int(settings, "level", 50);
    obs_data_set_default_int(settings, "mode", 2);
    obs_data_set_default_string(settings, "server", "rtmp://eu.example/app");
    obs_data_set_default_int(settings, "tint", 0xFF0000FF); // red (0xAABBGGRR)
    obs_data_set_default_string(settings, "note", "Read me before the show");
}

void registerProbeSource()
{
    obs_source_info info = {};
    info.id = "pinstage_test_properties";
    info.type = OBS_SOURCE_TYPE_INPUT;
    info.output_flags = OBS_SOURCE_VIDEO;
    info.get_name = [](void*) { return "Properties probe"; };
    info.create = [](obs_data_t*, obs_source_t*) -> void* { return new ProbeSource; };
    info.destroy = [](void* data) { delete static_cast<ProbeSource*>(data); };
    info.update = [](void* data, obs_data_t*) { ++static_cast<ProbeSource*>(data)->updates; };
    info.get_properties = probeProperties;
    info.get_defaults = probeDefaults;
    info.get_width = [](void*) -> uint32_t { return 0; };
    info.get_height = [](void*) -> uint32_t { return 0; };
    obs_register_source(&info);
}

} // namespace

class tst_ComposeDocks : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void docksHaveTheirTitlesAndPlaces();
    void addMenuOffersTheTypesThisLibobsHas();
    void colourSourceAddedAndRecolouredShowsOnTheProgram();
    void visibilityLockAndOrderReachLibobsAndTheFile();
    void scenesDockSwitchesTheProgramWithItsTransition();
    void scenesDockEditsTheCollection();
    void removingASourceAsksFirst();

    void propertiesOfTheColourSource();
    void propertiesOfTheTextSource();
    void propertiesOfTheImageSource();
    void propertiesOfEveryKind();
    void screenshots();
    void compositionComesBackAfterARestart();

private:
    void openWindow();
    void closeWindow();
    PropertiesView* viewOf(const QString& source);

    QTemporaryDir m_data;
    std::unique_ptr<TestTempDir> m_settingsDir;
    std::unique_ptr<Settings> m_settings;
    MemorySecretStore m_keychain;
    std::unique_ptr<Studio> m_studio;
    std::unique_ptr<MainWindow> m_window;
    PropertyDialogs m_dialogs;
    QColor m_nextColor;
    QString m_nextPath;
    QFont m_nextFont;
    int m_dialogsOpened = 0;
    QString m_colourName;
    QColor m_colour;
};

void tst_ComposeDocks::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_data.isValid());
    m_settingsDir = std::make_unique<TestTempDir>(QStringLiteral("compose-settings"));
    m_settings = std::make_unique<Settings>(m_settingsDir->filePath(QStringLiteral("pinstage.ini")));
    QVERIFY(m_settings->load());
    // The choosers answer at once (no modal dialog in a test).
    m_dialogs.color = [this](QWidget*, const QColor&, bool) -> std::optional<QColor> {
        ++m_dialogsOpened;
        return m_nextColor;
    };
    m_dialogs.path = [this](QWidget*, const QString&, const QString&, const QString&, int) {
        ++m_dialogsOpened;
        return m_nextPath;
    };
    m_dialogs.font = [this](QWidget*, const QFont&) -> std::optional<QFont> {
        ++m_dialogsOpened;
        return m_nextFont;
    };
    openWindow();
}

void tst_ComposeDocks::openWindow()
{
    const Studio::Options options = test::studioOptionsForTests(m_data.path(), kCanvas);
    QString error;
    m_studio = Studio::create(options, &error);
    QVERIFY2(m_studio, qPrintable(error));
    QVERIFY2(m_studio->scenes().warnings().isEmpty(), qPrintable(m_studio->scenes().warnings().join(' ')));
    m_window = std::make_unique<MainWindow>(*m_studio, *m_settings, m_keychain);
    m_window->resize(1280, 800);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get(), kWindowWaitMs));
    m_window->sourcesDock()->setPropertyDialogs(m_dialogs);
}

void tst_ComposeDocks::closeWindow()
{
    m_window.reset();
    m_studio.reset();
}

void tst_ComposeDocks::cleanupTestCase()
{
    closeWindow();
}

PropertiesView* tst_ComposeDocks::viewOf(const QString& source)
{
    PropertiesDialog* dialog = m_window->sourcesDock()->openProperties(source);
    return dialog ? dialog->view() : nullptr;
}

void tst_ComposeDocks::docksHaveTheirTitlesAndPlaces()
{
    ScenesDock* scenes = m_window->scenesDock();
    SourcesDock* sources = m_window->sourcesDock();
    QVERIFY(scenes && sources);
    QCOMPARE(scenes->windowTitle(), QStringLiteral("Scenes"));
    QCOMPARE(sources->windowTitle(), QStringLiteral("Sources"));
    QCOMPARE(scenes->objectName(), QStringLiteral("scenesDock"));
    QCOMPARE(sources->objectName(), QStringLiteral("sourcesDock"));
    QVERIFY(scenes->features() & QDockWidget::DockWidgetMovable);
    QVERIFY(sources->features() & QDockWidget::DockWidgetMovable);
    // Where they are by default follows the screen (MainWindow::arrangeDocksFor): on this 800 px
    // high one they are tabs next to the audio mixer, under the catalog; on a taller one, on the
    // left, Sources under Scenes.
    const bool small = m_window->screen()->availableGeometry().height() < MainWindow::stackedDocksMinHeight();
    if (small) {
        QCOMPARE(m_window->dockWidgetArea(scenes), Qt::RightDockWidgetArea);
        QCOMPARE(m_window->dockWidgetArea(sources), Qt::RightDockWidgetArea);
        const QList<QDockWidget*> tabs = m_window->tabifiedDockWidgets(m_window->mixerDock());
        QVERIFY(tabs.contains(scenes) && tabs.contains(sources));
        scenes->raise();
        QTRY_VERIFY(scenes->isVisible());
        sources->raise();
        QTRY_VERIFY(sources->isVisible());
        scenes->raise();
    } else {
        QCOMPARE(m_window->dockWidgetArea(scenes), Qt::LeftDockWidgetArea);
        QCOMPARE(m_window->dockWidgetArea(sources), Qt::LeftDockWidgetArea);
        QVERIFY(sources->geometry().top() >= scenes->geometry().bottom());
        QVERIFY(scenes->isVisible() && sources->isVisible());
    }
    // The window's state (dock places) can be saved: every dock has an object name.
    for (QDockWidget* dock : m_window->findChildren<QDockWidget*>())
        QVERIFY2(!dock->objectName().isEmpty(), qPrintable(dock->windowTitle()));
    QVERIFY(!m_window->saveState().isEmpty());

    // The collection's scenes in order, the program one marked and selected.
    QStringList listed;
    for (int i = 0; i < scenes->list()->count(); ++i)
        listed.append(scenes->list()->item(i)->text());
    QCOMPARE(listed, m_studio->scenes().sceneNames());
    QCOMPARE(scenes->selectedScene(), DefaultCollection::mainSceneName());
    QVERIFY(scenes->item(QStringLiteral("Main"))->font().bold());
    QVERIFY(!scenes->item(QStringLiteral("Be right back"))->font().bold());
    QCOMPARE(scenes->item(QStringLiteral("Main"))->toolTip(), QStringLiteral("On the program"));
    // The sources of the selected scene, front first (the collection lists them bottom first).
    QStringList expected;
    for (const SceneItemDocument& item : m_studio->scenes().document().scene(QStringLiteral("Main"))->items)
        expected.prepend(item.source);
    QCOMPARE(sources->scene(), QStringLiteral("Main"));
    QCOMPARE(sources->sourceNames(), expected);
    QVERIFY(sources->visibilityButton(QStringLiteral("Title")));
    QVERIFY(sources->visibilityButton(QStringLiteral("Title"))->isChecked());
    QVERIFY(!sources->lockButton(QStringLiteral("Title"))->isChecked());
    // The View menu switches both.
    QVERIFY(scenes->toggleViewAction()->isChecked());
    QVERIFY(sources->toggleViewAction()->isChecked());
}

void tst_ComposeDocks::addMenuOffersTheTypesThisLibobsHas()
{
    QStringList offered;
    for (QAction* action : m_window->sourcesDock()->addMenu()->actions())
        offered.append(action->data().toString());
    // Each one exists in this libobs (obs_enum_input_types), in its latest version.
    QStringList present;
    const char* id = nullptr;
    for (size_t i = 0; obs_enum_input_types(i, &id); ++i)
        present.append(QString::fromUtf8(id));
    for (const QString& type : offered)
        QVERIFY2(present.contains(type), qPrintable(type));
    for (const char* wanted : { "v4l2_input", "image_source", "text_ft2_source_v2", "ffmpeg_source", "color_source_v3",
             "xshm_input", "pulse_input_capture", "pulse_output_capture", "pinstage_product_card" }) {
        if (present.contains(QString::fromUtf8(wanted)))
            QVERIFY2(offered.contains(QString::fromUtf8(wanted)), wanted);
    }
    QVERIFY2(offered.contains(QStringLiteral("color_source_v3")), qPrintable(offered.join(',')));
    QVERIFY2(offered.contains(QStringLiteral("v4l2_input")), qPrintable(offered.join(',')));
    qInfo("Add menu: %s", qPrintable(offered.join(", ")));
}

void tst_ComposeDocks::colourSourceAddedAndRecolouredShowsOnTheProgram()
{
    SourcesDock* sources = m_window->sourcesDock();
    QCOMPARE(sources->scene(), QStringLiteral("Main"));
    QAction* colour = nullptr;
    for (QAction* action : sources->addMenu()->actions())
        if (action->data().toString() == QLatin1String("color_source_v3"))
            colour = action;
    QVERIFY(colour);
    colour->trigger();
    m_colourName = QStringLiteral("Colour");
    QCOMPARE(sources->sourceNames().value(0), m_colourName); // on top, front first
    QCOMPARE(sources->selectedSource(), m_colourName);
    QVERIFY(m_studio->scenes().item(QStringLiteral("Main"), m_colourName));
    // Its properties opened at once: libobs's own, as widgets.
    PropertiesDialog* dialog = sources->propertiesDialog();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    PropertiesView* view = dialog->view();
    QCOMPARE(view->propertyNames(), (QStringList { "color", "width", "height" }));
    auto* colourButton = qobject_cast<QPushButton*>(view->widget(QStringLiteral("color")));
    auto* width = qobject_cast<QSpinBox*>(view->widget(QStringLiteral("width")));
    auto* height = qobject_cast<QSpinBox*>(view->widget(QStringLiteral("height")));
    QVERIFY(colourButton && width && height);
    QCOMPARE(view->label(QStringLiteral("width"))->text(), QStringLiteral("Width"));

    // A size of 200x300 at the top-left, and a colour no other source has.
    width->setValue(200);
    height->setValue(300);
    m_colour = QColor(0x12, 0xc8, 0x5a);
    m_nextColor = m_colour;
    colourButton->click();
    QCOMPARE(colourButton->text(), QStringLiteral("#FF12C85A"));

    // Live in libobs...
    OBSDataAutoRelease settings = obs_source_get_settings(m_studio->scenes().source(m_colourName));
    QCOMPARE(obs_data_get_int(settings, "width"), 200);
    QCOMPARE(quint32(obs_data_get_int(settings, "color")), 0xFF5AC812u);
    // ...on the program (a frame libobs rendered): inside the box the colour, outside not...
    QString seen;
    QTRY_VERIFY2_WITH_TIMEOUT(programShows(QPoint(100, 150), m_colour, &seen), qPrintable(seen), 10000);
    const QImage frame = grabProgramFrame(kCanvas, 2);
    QVERIFY(!near(frame.pixel(300, 450), m_colour));
    QVERIFY(!near(frame.pixel(210, 150), m_colour));
    frame.save(QDir::temp().filePath(QStringLiteral("pinstage-compose-program.png")));
    // ...and in the collection file.
    const CollectionFile::Result read = CollectionFile::read(m_studio->scenes().filePath());
    QCOMPARE(read.status, CollectionFile::Status::Loaded);
    const SourceDocument* saved = read.document.source(m_colourName);
    QVERIFY(saved);
    QCOMPARE(saved->type, QStringLiteral("color_source_v3"));
    QCOMPARE(saved->settings.value(QStringLiteral("width")).toInt(), 200);
    QCOMPARE(saved->settings.value(QStringLiteral("height")).toInt(), 300);
    QCOMPARE(quint32(saved->settings.value(QStringLiteral("color")).toInteger()), 0xFF5AC812u);
    QCOMPARE(read.document.scene(QStringLiteral("Main"))->items.constLast().source, m_colourName);
    dialog->close();
    QTRY_VERIFY(!sources->propertiesDialog());
}

void tst_ComposeDocks::visibilityLockAndOrderReachLibobsAndTheFile()
{
    SourcesDock* sources = m_window->sourcesDock();
    SceneCollection& scenes = m_studio->scenes();
    const QString file = scenes.filePath();
    QToolButton* eye = sources->visibilityButton(m_colourName);
    QVERIFY(eye && eye->isChecked());
    eye->click();
    QVERIFY(!obs_sceneitem_visible(scenes.item(QStringLiteral("Main"), m_colourName)));
    QVERIFY(!CollectionFile::read(file).document.scene(QStringLiteral("Main"))->items.constLast().transform.visible);
    QString seen;
    QTRY_VERIFY2_WITH_TIMEOUT(!programShows(QPoint(100, 150), m_colour, &seen), qPrintable(seen), 10000);
    QTRY_VERIFY(sources->visibilityButton(m_colourName) && !sources->visibilityButton(m_colourName)->isChecked());
    sources->visibilityButton(m_colourName)->click();
    QTRY_VERIFY2_WITH_TIMEOUT(programShows(QPoint(100, 150), m_colour, &seen), qPrintable(seen), 10000);

    // Lock: in libobs and the file.
    QTRY_VERIFY(sources->lockButton(m_colourName));
    sources->lockButton(m_colourName)->click();
    QVERIFY(obs_sceneitem_locked(scenes.item(QStringLiteral("Main"), m_colourName)));
    QVERIFY(CollectionFile::read(file).document.scene(QStringLiteral("Main"))->items.constLast().transform.locked);
    QTRY_VERIFY(sources->lockButton(m_colourName) && sources->lockButton(m_colourName)->isChecked());

    // Down one place: under the source that was below it; the list follows.
    const QStringList before = sources->sourceNames();
    sources->selectSource(m_colourName);
    QVERIFY(sources->moveSource(-1));
    QTRY_COMPARE(sources->sourceNames().value(1), m_colourName);
    QCOMPARE(sources->sourceNames().value(0), before.value(1));
    obs_sceneitem_t* colourItem = scenes.item(QStringLiteral("Main"), m_colourName);
    obs_sceneitem_t* aboveItem = scenes.item(QStringLiteral("Main"), before.value(1));
    QVERIFY(obs_sceneitem_get_order_position(colourItem) < obs_sceneitem_get_order_position(aboveItem));
    // A drag in the list (the model moves the row): back on top.
    QTRY_COMPARE(sources->selectedSource(), m_colourName);
    QVERIFY(sources->list()->model()->moveRow(QModelIndex(), 1, QModelIndex(), 0));
    QTRY_COMPARE(scenes.document().scene(QStringLiteral("Main"))->items.constLast().source, m_colourName);
    QTRY_COMPARE(sources->sourceNames().value(0), m_colourName);
    QVERIFY(obs_sceneitem_get_order_position(colourItem) > obs_sceneitem_get_order_position(aboveItem));
    QCOMPARE(CollectionFile::read(file).document.scene(QStringLiteral("Main"))->items.constLast().source, m_colourName);
    // Up from the top: nothing to do.
    sources->selectSource(m_colourName);
    QVERIFY(!sources->moveSource(+1));
}

void tst_ComposeDocks::scenesDockSwitchesTheProgramWithItsTransition()
{
    ScenesDock* dock = m_window->scenesDock();
    SceneCollection& scenes = m_studio->scenes();
    // Cut: chosen in the dock, saved in the collection.
    dock->transitionBox()->setCurrentIndex(0);
    emit dock->transitionBox()->activated(0);
    QCOMPARE(scenes.document().transition, QStringLiteral("cut"));
    QVERIFY(!dock->durationBox()->isEnabled());

    QSignalSpy program(&m_studio->show(), &ShowController::programSceneChanged);
    const QRect brbRect = dock->list()->visualItemRect(dock->item(QStringLiteral("Be right back")));
    QTest::mouseClick(dock->list()->viewport(), Qt::LeftButton, {}, brbRect.center());
    QCOMPARE(scenes.programSceneName(), QStringLiteral("Be right back"));
    QCOMPARE(program.size(), 1);
    QTRY_VERIFY(dock->item(QStringLiteral("Be right back"))->font().bold());
    QVERIFY(!dock->item(QStringLiteral("Main"))->font().bold());
    QTRY_COMPARE(m_window->sourcesDock()->scene(), QStringLiteral("Be right back"));
    QString seen;
    QTRY_VERIFY2_WITH_TIMEOUT(
        programShows(QPoint(20, 620), DefaultCollection::beRightBackColor(), &seen), qPrintable(seen), 10000);

    // Fade of 400 ms: saved; the switch back goes through it and ends on Main's pixels.
    dock->transitionBox()->setCurrentIndex(1);
    emit dock->transitionBox()->activated(1);
    QVERIFY(dock->durationBox()->isEnabled());
    dock->durationBox()->setValue(400);
    QCOMPARE(scenes.document().transition, QStringLiteral("fade"));
    QCOMPARE(scenes.document().transitionMs, 400);
    const CollectionFile::Result read = CollectionFile::read(scenes.filePath());
    QCOMPARE(read.document.transition, QStringLiteral("fade"));
    QCOMPARE(read.document.transitionMs, 400);
    dock->list()->setCurrentItem(dock->item(QStringLiteral("Main"))); // the keyboard's way
    QCOMPARE(scenes.programSceneName(), QStringLiteral("Main"));
    QTRY_VERIFY2_WITH_TIMEOUT(programShows(QPoint(100, 150), m_colour, &seen), qPrintable(seen), 10000);
    QTRY_COMPARE(m_window->sourcesDock()->scene(), QStringLiteral("Main"));

    // Switched elsewhere (the show controller, e.g. the run of show): the dock follows.
    QString error;
    QVERIFY2(m_studio->show().switchScene(QStringLiteral("Be right back"), &error), qPrintable(error));
    QTRY_COMPARE(dock->selectedScene(), QStringLiteral("Be right back"));
    QVERIFY(dock->item(QStringLiteral("Be right back"))->font().bold());
    QVERIFY2(m_studio->show().switchScene(QStringLiteral("Main"), &error), qPrintable(error));
    QTRY_COMPARE(dock->selectedScene(), QStringLiteral("Main"));
}

void tst_ComposeDocks::scenesDockEditsTheCollection()
{
    ScenesDock* dock = m_window->scenesDock();
    SceneCollection& scenes = m_studio->scenes();
    QSignalSpy notices(dock, &ScenesDock::notice);

    // Add: after the selected scene, its name being edited; then renamed inline.
    const QString added = dock->addScene();
    QCOMPARE(added, QStringLiteral("Scene 3"));
    QCOMPARE(scenes.sceneNames(), (QStringList { "Main", "Scene 3", "Be right back" }));
    QListWidgetItem* row = dock->item(added);
    QVERIFY(row);
    QLineEdit* editor = dock->list()->viewport()->findChild<QLineEdit*>();
    QVERIFY(editor);
    editor->setText(QStringLiteral("Unboxing"));
    QTest::keyClick(editor, Qt::Key_Return);
    QTRY_COMPARE(scenes.sceneNames(), (QStringList { "Main", "Unboxing", "Be right back" }));
    QTRY_VERIFY(dock->item(QStringLiteral("Unboxing")));
    // A name that is taken: refused with a notice, the old name stays.
    dock->item(QStringLiteral("Unboxing"))->setText(QStringLiteral("Main"));
    QCOMPARE(notices.size(), 1);
    QVERIFY2(notices.last().at(0).toString().contains(QStringLiteral("already exists")),
        qPrintable(notices.last().at(0).toString()));
    QTRY_VERIFY(dock->item(QStringLiteral("Unboxing")));
    QCOMPARE(dock->item(QStringLiteral("Unboxing"))->text(), QStringLiteral("Unboxing"));
    // F2 edits the selected scene's name.
    QCOMPARE(dock->list()->editTriggers() & QAbstractItemView::EditKeyPressed, QAbstractItemView::EditKeyPressed);

    // Duplicate Main (selected, on the program): "Main 2" after it, with Main's items.
    QCOMPARE(dock->selectedScene(), QStringLiteral("Main"));
    const QString copy = dock->duplicateScene();
    QCOMPARE(copy, QStringLiteral("Main 2"));
    QCOMPARE(scenes.sceneNames(), (QStringList { "Main", "Main 2", "Unboxing", "Be right back" }));
    QCOMPARE(scenes.document().scene(copy)->items, scenes.document().scene(QStringLiteral("Main"))->items);
    if (QWidget* open = dock->list()->viewport()->findChild<QLineEdit*>())
        QTest::keyClick(open, Qt::Key_Escape);

    // Reorder with the buttons: Main 2 down one, then up again.
    dock->list()->setCurrentItem(dock->item(copy)); // a click puts it on the program
    QCOMPARE(scenes.programSceneName(), copy);
    dock->downButton()->click();
    QCOMPARE(scenes.sceneNames(), (QStringList { "Main", "Unboxing", "Main 2", "Be right back" }));
    QTRY_COMPARE(dock->list()->item(2)->text(), copy);
    QCOMPARE(dock->selectedScene(), copy);
    dock->upButton()->click();
    QCOMPARE(scenes.sceneNames(), (QStringList { "Main", "Main 2", "Unboxing", "Be right back" }));
    // A drag in the list: Be right back to the top (once the list shows the collection's order).
    auto listed = [dock] {
        QStringList names;
        for (int i = 0; i < dock->list()->count(); ++i)
            names.append(dock->list()->item(i)->text());
        return names;
    };
    QTRY_COMPARE(listed(), scenes.sceneNames());
    QVERIFY(dock->list()->model()->moveRow(QModelIndex(), 3, QModelIndex(), 0));
    QTRY_COMPARE(scenes.sceneNames(), (QStringList { "Be right back", "Main", "Main 2", "Unboxing" }));
    QCOMPARE(CollectionFile::read(scenes.filePath()).document.scenes.first().name, QStringLiteral("Be right back"));

    // Remove, after a question: Cancel keeps it.
    QCOMPARE(dock->selectedScene(), copy);
    const int asked = MessageBox::answeredBySeam();
    MessageBox::setNextAnswer(QMessageBox::Cancel);
    QVERIFY(!dock->removeScene());
    QCOMPARE(MessageBox::answeredBySeam(), asked + 1);
    QVERIFY2(MessageBox::lastAsked().buttons.contains(QStringLiteral("Remove scene")),
        qPrintable(MessageBox::lastAsked().buttons.join(QLatin1Char('|'))));
    QCOMPARE(scenes.sceneNames().size(), 4);
    // The scene on the program hands the program to its neighbour (Unboxing is last: the one above).
    dock->list()->setCurrentItem(dock->item(QStringLiteral("Unboxing")));
    QCOMPARE(scenes.programSceneName(), QStringLiteral("Unboxing"));
    MessageBox::setNextAnswer(QMessageBox::Yes);
    QVERIFY(dock->removeScene());
    QCOMPARE(scenes.programSceneName(), copy);
    QCOMPARE(scenes.sceneNames(), (QStringList { "Be right back", "Main", "Main 2" }));
    QTRY_COMPARE(dock->list()->count(), 3);
    QCOMPARE(dock->selectedScene(), copy);
    QCOMPARE(CollectionFile::read(scenes.filePath()).document.scenes.size(), 3);
    QCOMPARE(notices.size(), 1); // only the taken name
    dock->list()->setCurrentItem(dock->item(QStringLiteral("Main")));
    QCOMPARE(scenes.programSceneName(), QStringLiteral("Main"));
}

void tst_ComposeDocks::removingASourceAsksFirst()
{
    SourcesDock* sources = m_window->sourcesDock();
    SceneCollection& scenes = m_studio->scenes();
    QTRY_COMPARE(sources->scene(), QStringLiteral("Main"));
    // A text source on Main only, then removed: gone from the collection (and libobs quits cleanly
    // later: no reference to it is left behind).
    const QString text = sources->addSource(QStringLiteral("text_ft2_source_v2"));
    QCOMPARE(text, QStringLiteral("Text"));
    QVERIFY(scenes.source(text));
    QVERIFY(sources->propertiesDialog());
    sources->selectSource(text);
    MessageBox::setNextAnswer(QMessageBox::Cancel);
    QVERIFY(!sources->removeSource());
    QVERIFY(MessageBox::lastAsked().buttons.contains(QStringLiteral("Remove")));
    QVERIFY(scenes.document().source(text));
    MessageBox::setNextAnswer(QMessageBox::Yes);
    QVERIFY(sources->removeSource());
    QVERIFY(!scenes.document().source(text));
    QVERIFY(!sources->propertiesDialog()); // its properties closed with it
    QTRY_VERIFY(!sources->sourceNames().contains(text));
    // The Colour is also in Main 2 (the duplicate): removed from Main only.
    sources->selectSource(m_colourName);
    MessageBox::setNextAnswer(QMessageBox::Yes);
    QVERIFY(sources->removeSource());
    QVERIFY(!scenes.item(QStringLiteral("Main"), m_colourName));
    QVERIFY(scenes.item(QStringLiteral("Main 2"), m_colourName));
    QVERIFY(scenes.document().source(m_colourName));
    // Back on Main for the restart.
    ItemTransform t = scenes.document().scene(QStringLiteral("Main 2"))->items.constLast().transform;
    QString error;
    QVERIFY2(scenes.addItem(QStringLiteral("Main"), m_colourName, t, &error), qPrintable(error));
    QTRY_COMPARE(sources->sourceNames().value(0), m_colourName);
}

void tst_ComposeDocks::propertiesOfTheColourSource()
{
    // Colour with alpha: the chooser offers alpha, the value is libobs's 0xAABBGGRR.
    PropertiesView* view = viewOf(m_colourName);
    QVERIFY(view);
    QSignalSpy edited(view, &PropertiesView::edited);
    m_nextColor = QColor(0x10, 0x20, 0x30, 0x80);
    qobject_cast<QPushButton*>(view->widget(QStringLiteral("color")))->click();
    QCOMPARE(edited.size(), 1);
    QCOMPARE(edited.first().at(0).toString(), QStringLiteral("color"));
    QCOMPARE(quint32(obs_data_get_int(view->settings(), "color")), 0x80302010u);
    QCOMPARE(qobject_cast<QPushButton*>(view->widget(QStringLiteral("color")))->text(), QStringLiteral("#80102030"));
    // Cancelled chooser: nothing changes.
    m_dialogs.color = [](QWidget*, const QColor&, bool) -> std::optional<QColor> { return std::nullopt; };
    view->setDialogs(m_dialogs);
    qobject_cast<QPushButton*>(view->widget(QStringLiteral("color")))->click();
    QCOMPARE(edited.size(), 1);
    // Restore the test's colour (and chooser).
    m_dialogs.color = [this](QWidget*, const QColor&, bool) -> std::optional<QColor> { return m_nextColor; };
    view->setDialogs(m_dialogs);
    m_nextColor = m_colour;
    qobject_cast<QPushButton*>(view->widget(QStringLiteral("color")))->click();
    QCOMPARE(quint32(obs_data_get_int(view->settings(), "color")), 0xFF5AC812u);
    m_window->sourcesDock()->propertiesDialog()->close();
}

void tst_ComposeDocks::propertiesOfTheTextSource()
{
    // A text source of its own, in no scene (see the end), edited through a view whose apply is
    // libobs's own obs_source_update.
    OBSSourceAutoRelease source = obs_source_create("text_ft2_source_v2", "Text probe", nullptr, nullptr);
    QVERIFY(source);
    auto holder = std::make_unique<PropertiesView>(source.Get());
    PropertiesView* view = holder.get();
    view->setDialogs(m_dialogs);
    view->resize(480, 700);
    const QStringList names = view->propertyNames();
    for (const char* wanted : { "font", "text", "from_file", "text_file", "color1", "color2", "outline" })
        QVERIFY2(names.contains(QString::fromUtf8(wanted)), qPrintable(names.join(',')));
    // Multi-line text: typed, live.
    auto* edit = qobject_cast<QPlainTextEdit*>(view->widget(QStringLiteral("text")));
    QVERIFY(edit);
    edit->setPlainText(QStringLiteral("Flash sale\nnow"));
    OBSDataAutoRelease settings = obs_source_get_settings(source);
    QCOMPARE(QString::fromUtf8(obs_data_get_string(settings, "text")), QStringLiteral("Flash sale\nnow"));
    // Font: the chooser's font in libobs's font object.
    auto* font = qobject_cast<QPushButton*>(view->widget(QStringLiteral("font")));
    QVERIFY(font);
    m_nextFont = QFont(QStringLiteral("DejaVu Sans"), 48);
    m_nextFont.setBold(true);
    font->click();
    OBSDataAutoRelease fontData = obs_data_get_obj(view->settings(), "font");
    QCOMPARE(QString::fromUtf8(obs_data_get_string(fontData, "face")), QStringLiteral("DejaVu Sans"));
    QCOMPARE(obs_data_get_int(fontData, "size"), 48);
    QVERIFY(obs_data_get_int(fontData, "flags") & OBS_FONT_BOLD);
    QVERIFY2(font->text().contains(QStringLiteral("DejaVu Sans")), qPrintable(font->text()));
    // Bool (this text-freetype2 has no callback on it: the view stays as it is).
    auto* fromFile = qobject_cast<QCheckBox*>(view->widget(QStringLiteral("from_file")));
    QVERIFY(fromFile);
    QVERIFY(!fromFile->isChecked());
    fromFile->click();
    QVERIFY(obs_data_get_bool(view->settings(), "from_file"));
    // Path: Browse… through the chooser.
    auto* path = qobject_cast<QLineEdit*>(view->widget(QStringLiteral("text_file")));
    QVERIFY(path);
    auto* browse = qobject_cast<QPushButton*>(view->part(QStringLiteral("text_file"), QStringLiteral("browse")));
    QVERIFY(browse);
    TestTempDir dir(QStringLiteral("compose-text"));
    m_nextPath = dir.filePath(QStringLiteral("line.txt"));
    browse->click();
    QCOMPARE(path->text(), m_nextPath);
    QCOMPARE(QString::fromUtf8(obs_data_get_string(view->settings(), "text_file")), m_nextPath);
    // Colour with alpha (text-freetype2's colours have it).
    m_nextColor = QColor(255, 0, 0, 10);
    qobject_cast<QPushButton*>(view->widget(QStringLiteral("color1")))->click();
    QCOMPARE(quint32(obs_data_get_int(view->settings(), "color1")), 0x0A0000FFu);
    // Int, then the source goes.
    auto* customWidth = qobject_cast<QSpinBox*>(view->widget(QStringLiteral("custom_width")));
    QVERIFY(customWidth);
    customWidth->setValue(240);
    QCOMPARE(obs_data_get_int(view->settings(), "custom_width"), 240);
}

void tst_ComposeDocks::propertiesOfTheImageSource()
{
    SourcesDock* sources = m_window->sourcesDock();
    const QString image = sources->addSource(QStringLiteral("image_source"));
    QVERIFY(!image.isEmpty());
    PropertiesView* view = sources->propertiesDialog()->view();
    auto* file = qobject_cast<QLineEdit*>(view->widget(QStringLiteral("file")));
    QVERIFY(file);
    QVERIFY(view->part(QStringLiteral("file"), QStringLiteral("browse")));
    QVERIFY(qobject_cast<QCheckBox*>(view->widget(QStringLiteral("unload"))));
    // Typed path: applied when the field is left; the image's size reaches libobs.
    const QString logo = QFINDTESTDATA("../../resources/images/logo.png");
    QVERIFY(!logo.isEmpty());
    file->setText(logo);
    emit file->editingFinished();
    obs_source_t* source = m_studio->scenes().source(image);
    QTRY_VERIFY_WITH_TIMEOUT(obs_source_get_width(source) > 0, 5000);
    QCOMPARE(m_studio->scenes().document().source(image)->settings.value(QStringLiteral("file")).toString(), logo);
    const QImage png(logo);
    QCOMPARE(int(obs_source_get_width(source)), png.width());
    sources->propertiesDialog()->close();
    sources->selectSource(image);
    MessageBox::setNextAnswer(QMessageBox::Yes);
    QVERIFY(sources->removeSource());
}

void tst_ComposeDocks::propertiesOfEveryKind()
{
    registerProbeSource();
    OBSSourceAutoRelease source = obs_source_create_private("pinstage_test_properties", "probe", nullptr);
    QVERIFY(source);
    PropertiesView view(source);
    view.setDialogs(m_dialogs);
    int applied = 0;
    view.setApply([&applied, &source](obs_data_t* settings) {
        ++applied;
        obs_source_update(source, settings);
    });
    view.resize(480, 900);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view, kWindowWaitMs));

    // Bool + modified callback: "advanced" shows "expert" and greys "gain".
    auto* advanced = qobject_cast<QCheckBox*>(view.widget(QStringLiteral("advanced")));
    QVERIFY(advanced);
    QVERIFY(!view.widget(QStringLiteral("expert"))->isVisibleTo(&view));
    QVERIFY(!view.label(QStringLiteral("expert"))->isVisibleTo(&view));
    QVERIFY(view.widget(QStringLiteral("gain"))->isEnabled());
    advanced->click();
    QCOMPARE(applied, 1);
    QTRY_VERIFY(view.widget(QStringLiteral("expert")) && view.widget(QStringLiteral("expert"))->isVisibleTo(&view));
    QVERIFY(!view.widget(QStringLiteral("gain"))->isEnabled());
    QVERIFY(obs_data_get_bool(view.settings(), "advanced"));
    qobject_cast<QCheckBox*>(view.widget(QStringLiteral("advanced")))->click();
    QTRY_VERIFY(view.widget(QStringLiteral("gain")) && view.widget(QStringLiteral("gain"))->isEnabled());

    // Float slider: spin box + slider, suffix, step, long description as tooltip.
    auto* gain = qobject_cast<QDoubleSpinBox*>(view.widget(QStringLiteral("gain")));
    QVERIFY(gain);
    QCOMPARE(gain->suffix(), QStringLiteral(" x"));
    QCOMPARE(gain->value(), 1.0);
    QCOMPARE(gain->decimals(), 2);
    auto* gainSlider = qobject_cast<QSlider*>(view.part(QStringLiteral("gain"), QStringLiteral("slider")));
    QVERIFY(gainSlider);
    gainSlider->setValue(30); // 30 steps of 0.05
    QCOMPARE(obs_data_get_double(view.settings(), "gain"), 1.5);
    QVERIFY(view.label(QStringLiteral("gain"))->toolTip().contains(QStringLiteral("How loud")));
    // Int slider.
    auto* level = qobject_cast<QSpinBox*>(view.widget(QStringLiteral("level")));
    QVERIFY(level && view.part(QStringLiteral("level"), QStringLiteral("slider")));
    QCOMPARE(level->suffix(), QStringLiteral(" %"));
    QCOMPARE(level->singleStep(), 5);
    level->setValue(75);
    QCOMPARE(obs_data_get_int(view.settings(), "level"), 75);
    QCOMPARE(qobject_cast<QSlider*>(view.part(QStringLiteral("level"), QStringLiteral("slider")))->value(), 75);

    // Password: masked, with a Show toggle.
    auto* key = qobject_cast<QLineEdit*>(view.widget(QStringLiteral("key")));
    QVERIFY(key);
    QCOMPARE(key->echoMode(), QLineEdit::Password);
    qobject_cast<QToolButton*>(view.part(QStringLiteral("key"), QStringLiteral("show")))->click();
    QCOMPARE(key->echoMode(), QLineEdit::Normal);
    QTest::keyClicks(key, QStringLiteral("abc"));
    QCOMPARE(QString::fromUtf8(obs_data_get_string(view.settings(), "key")), QStringLiteral("abc"));
    // Info text: a label with the text.
    auto* note = qobject_cast<QLabel*>(view.widget(QStringLiteral("note")));
    QVERIFY(note);
    QCOMPARE(note->text(), QStringLiteral("Read me before the show"));
    // Multi-line.
    auto* script = qobject_cast<QPlainTextEdit*>(view.widget(QStringLiteral("script")));
    QVERIFY(script);
    script->setPlainText(QStringLiteral("a\nb"));
    QCOMPARE(QString::fromUtf8(obs_data_get_string(view.settings(), "script")), QStringLiteral("a\nb"));

    // List of ints: names shown, the current one selected, a disabled entry.
    auto* mode = qobject_cast<QComboBox*>(view.widget(QStringLiteral("mode")));
    QVERIFY(mode && !mode->isEditable());
    QCOMPARE(mode->currentText(), QStringLiteral("Fast"));
    QCOMPARE(mode->count(), 3);
    QVERIFY(!qobject_cast<QStandardItemModel*>(mode->model())->item(2)->isEnabled());
    mode->setCurrentIndex(0);
    emit mode->activated(0);
    QCOMPARE(obs_data_get_int(view.settings(), "mode"), 1);
    // Editable list of strings: pick one, or type one.
    auto* server = qobject_cast<QComboBox*>(view.widget(QStringLiteral("server")));
    QVERIFY(server && server->isEditable());
    QCOMPARE(server->currentText(), QStringLiteral("Europe"));
    server->setCurrentIndex(1);
    emit server->activated(1);
    QCOMPARE(
        QString::fromUtf8(obs_data_get_string(view.settings(), "server")), QStringLiteral("rtmp://us.example/app"));
    server->lineEdit()->setText(QStringLiteral("rtmp://mine.example/live"));
    emit server->lineEdit()->editingFinished();
    QCOMPARE(
        QString::fromUtf8(obs_data_get_string(view.settings(), "server")), QStringLiteral("rtmp://mine.example/live"));

    // Directory path.
    TestTempDir dir(QStringLiteral("compose-probe"));
    m_nextPath = dir.path();
    qobject_cast<QPushButton*>(view.part(QStringLiteral("folder"), QStringLiteral("browse")))->click();
    QCOMPARE(QString::fromUtf8(obs_data_get_string(view.settings(), "folder")), dir.path());
    // Colour (no alpha): the default red shown; opaque whatever the chooser says.
    auto* tint = qobject_cast<QPushButton*>(view.widget(QStringLiteral("tint")));
    QCOMPARE(tint->text(), QStringLiteral("#FF0000"));
    m_nextColor = QColor(0, 0, 255, 10);
    tint->click();
    QCOMPARE(quint32(obs_data_get_int(view.settings(), "tint")), 0xFFFF0000u);
    QCOMPARE(tint->text(), QStringLiteral("#0000FF"));
    // Font.
    m_nextFont = QFont(QStringLiteral("DejaVu Serif"), 20);
    m_nextFont.setItalic(true);
    qobject_cast<QPushButton*>(view.widget(QStringLiteral("font")))->click();
    OBSDataAutoRelease font = obs_data_get_obj(view.settings(), "font");
    QCOMPARE(obs_data_get_int(font, "size"), 20);
    QVERIFY(obs_data_get_int(font, "flags") & OBS_FONT_ITALIC);

    // Button: the source's callback runs; it asked for a rebuild.
    const int builds = view.buildCount();
    auto* refresh = qobject_cast<QPushButton*>(view.widget(QStringLiteral("refresh")));
    QVERIFY(refresh);
    QCOMPARE(refresh->text(), QStringLiteral("Refresh devices"));
    refresh->click();
    QCOMPARE(g_buttonClicks, 1);
    QTRY_VERIFY(view.buildCount() > builds);

    // Frame rate: the named option and the common rates inside 10–30 fps.
    auto* fps = qobject_cast<QComboBox*>(view.widget(QStringLiteral("fps")));
    QVERIFY(fps);
    QStringList offered;
    for (int i = 0; i < fps->count(); ++i)
        offered.append(fps->itemText(i));
    QVERIFY2(offered.contains(QStringLiteral("Match the canvas")), qPrintable(offered.join(',')));
    QVERIFY2(offered.contains(QStringLiteral("30 fps")) && offered.contains(QStringLiteral("29.97 fps"))
            && offered.contains(QStringLiteral("10 fps")) && !offered.contains(QStringLiteral("60 fps")),
        qPrintable(offered.join(',')));
    const int i25 = offered.indexOf(QStringLiteral("25 fps"));
    fps->setCurrentIndex(i25);
    emit fps->activated(i25);
    media_frames_per_second value {};
    const char* option = nullptr;
    QVERIFY(obs_data_get_frames_per_second(view.settings(), "fps", &value, &option));
    QCOMPARE(value.numerator, 25u);
    QCOMPARE(value.denominator, 1u);
    const int iMatch = offered.indexOf(QStringLiteral("Match the canvas"));
    fps->setCurrentIndex(iMatch);
    emit fps->activated(iMatch);
    QVERIFY(obs_data_get_frames_per_second(view.settings(), "fps", &value, &option));
    QCOMPARE(QString::fromUtf8(option), QStringLiteral("match"));

    // Checkable group with its own member.
    auto* frame = qobject_cast<QGroupBox*>(view.widget(QStringLiteral("frame")));
    QVERIFY(frame && frame->isCheckable() && !frame->isChecked());
    frame->setChecked(true);
    QVERIFY(obs_data_get_bool(view.settings(), "frame"));
    auto* margin = qobject_cast<QSpinBox*>(view.widget(QStringLiteral("margin")));
    QVERIFY(margin);
    QVERIFY(frame->isAncestorOf(margin));
    margin->setValue(12);
    QCOMPARE(obs_data_get_int(view.settings(), "margin"), 12);

    // Editable list of strings: add, edit, remove.
    auto* words = qobject_cast<QListWidget*>(view.widget(QStringLiteral("words")));
    QVERIFY(words);
    qobject_cast<QToolButton*>(view.part(QStringLiteral("words"), QStringLiteral("add")))->click();
    QCOMPARE(words->count(), 1);
    words->item(0)->setText(QStringLiteral("refund"));
    {
        OBSDataArrayAutoRelease array = obs_data_get_array(view.settings(), "words");
        QCOMPARE(obs_data_array_count(array), size_t(1));
        OBSDataAutoRelease first = obs_data_array_item(array, 0);
        QCOMPARE(QString::fromUtf8(obs_data_get_string(first, "value")), QStringLiteral("refund"));
    }
    words->setCurrentRow(0);
    qobject_cast<QToolButton*>(view.part(QStringLiteral("words"), QStringLiteral("remove")))->click();
    OBSDataArrayAutoRelease array = obs_data_get_array(view.settings(), "words");
    QCOMPARE(obs_data_array_count(array), size_t(0));

    // Everything reached the source through the apply function.
    QVERIFY(applied >= 15);
    QVERIFY(view.grab().save(QDir::temp().filePath(QStringLiteral("pinstage-properties-probe.png"))));
}

void tst_ComposeDocks::screenshots()
{
    // For a person to look at (not compared): the window with both docks, and a properties window.
    m_window->raise();
    m_window->activateWindow();
    QTRY_VERIFY(m_window->isActiveWindow());
    m_window->repaint(); // painted and flushed to the X server before the screen is read
    m_window->screen()
        ->grabWindow(0)
        .toImage()
        .copy(m_window->frameGeometry())
        .save(QDir::temp().filePath(QStringLiteral("pinstage-compose-window.png")));
    PropertiesView* view = viewOf(QStringLiteral("Title"));
    QVERIFY(view);
    PropertiesDialog* dialog = m_window->sourcesDock()->propertiesDialog();
    QVERIFY(QTest::qWaitForWindowExposed(dialog, kWindowWaitMs));
    dialog->grab().save(QDir::temp().filePath(QStringLiteral("pinstage-compose-properties.png")));
    dialog->close();
}

void tst_ComposeDocks::compositionComesBackAfterARestart()
{
    // The session ends, and a new process (a new Studio and window on the same data folder) finds
    // the composition again. A new process, not a second Studio in this one: text-freetype2 keeps
    // its FreeType library across obs_shutdown, so libobs cannot start twice in one process.
    const QString file = m_studio->scenes().filePath();
    const CollectionDocument before = m_studio->scenes().document();
    closeWindow();
    const CollectionFile::Result saved = CollectionFile::read(file);
    QCOMPARE(saved.status, CollectionFile::Status::Loaded);
    QVERIFY(saved.document == before);
    QProcess child;
    child.setProcessChannelMode(QProcess::MergedChannels);
    child.start(QCoreApplication::applicationFilePath(),
        { QStringLiteral("--reopen"), m_data.path(), m_settings->filePath(), m_colour.name() });
    QVERIFY(child.waitForStarted(10000));
    QVERIFY(child.waitForFinished(180000));
    const QString output = QString::fromUtf8(child.readAll());
    QVERIFY2(child.exitStatus() == QProcess::NormalExit && child.exitCode() == 0, qPrintable(output.right(4000)));
    QVERIFY2(output.contains(QStringLiteral("reopen: all checks passed")), qPrintable(output.right(4000)));
}

// The second session (--reopen DATA_DIR SETTINGS COLOUR): what the first one composed is there.
int reopenAndCheck(const QString& dataDir, const QString& settingsPath, const QColor& colour)
{
    QStringList problems;
    auto check = [&problems](bool ok, const QString& what) {
        if (!ok)
            problems.append(what);
    };
    const Studio::Options options = test::studioOptionsForTests(dataDir, kCanvas);
    QString error;
    std::unique_ptr<Studio> studio = Studio::create(options, &error);
    if (!studio) {
        printf("reopen: %s\n", qPrintable(error));
        return 2;
    }
    Settings settings(settingsPath);
    settings.load();
    MemorySecretStore keychain;
    {
        MainWindow window(*studio, settings, keychain);
        window.resize(1280, 800);
        window.show();
        check(QTest::qWaitForWindowExposed(&window, kWindowWaitMs), QStringLiteral("window not exposed"));
        SourcesDock* sources = window.sourcesDock();
        ScenesDock* scenes = window.scenesDock();
        check(scenes->selectedScene() == QLatin1String("Main"),
            QStringLiteral("selected scene ") + scenes->selectedScene());
        check(studio->scenes().sceneNames() == QStringList({ "Be right back", "Main", "Main 2" }),
            QStringLiteral("scenes ") + studio->scenes().sceneNames().join(','));
        check(sources->sourceNames().contains(QStringLiteral("Colour")),
            QStringLiteral("sources ") + sources->sourceNames().join(','));
        check(
            sources->lockButton(QStringLiteral("Colour")) && sources->lockButton(QStringLiteral("Colour"))->isChecked(),
            QStringLiteral("Colour not locked"));
        check(scenes->transitionBox()->currentIndex() == 1 && scenes->durationBox()->value() == 400,
            QStringLiteral("transition %1 %2")
                .arg(scenes->transitionBox()->currentText())
                .arg(scenes->durationBox()->value()));
        QString seen;
        check(QTest::qWaitFor([&] { return programShows(QPoint(100, 150), colour, &seen); }, 15000),
            QStringLiteral("program pixel %1, not %2").arg(seen, colour.name()));
        PropertiesDialog* dialog = sources->openProperties(QStringLiteral("Colour"));
        check(dialog != nullptr, QStringLiteral("no properties"));
        if (dialog) {
            auto* width = qobject_cast<QSpinBox*>(dialog->view()->widget(QStringLiteral("width")));
            auto* button = qobject_cast<QPushButton*>(dialog->view()->widget(QStringLiteral("color")));
            check(width && width->value() == 200, QStringLiteral("width"));
            check(button && button->text() == QStringLiteral("#FF") + colour.name().mid(1).toUpper(),
                QStringLiteral("colour button ") + (button ? button->text() : QString()));
        }
    }
    studio.reset();
    for (const QString& p : problems)
        printf("reopen: FAILED %s\n", qPrintable(p));
    if (problems.isEmpty())
        printf("reopen: all checks passed\n");
    fflush(stdout);
    return problems.isEmpty() ? 0 : 1;
}

int main(int argc, char** argv)
{
    if (argc == 5 && qstrcmp(argv[1], "--reopen") == 0) {
        // The child: same display and sound server as the parent (inherited environment).
        QApplication app(argc, argv);
        return reopenAndCheck(
            QString::fromLocal8Bit(argv[2]), QString::fromLocal8Bit(argv[3]), QColor(QString::fromLocal8Bit(argv[4])));
    }
    // libobs needs a real X server (EGL on X11) before the application connects, and the default
    // collection's microphone and desktop audio a sound server: both are private to this test.
    return pinstage::test::execWithTestDisplay<tst_ComposeDocks, QApplication>(
        argc, argv, QStringLiteral("1280x800x24"), true, __FILE__);
}

#include "tst_composedocks.moc"
