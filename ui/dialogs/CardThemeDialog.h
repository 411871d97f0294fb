// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "overlay/CardExtras.h"
#include "overlay/CardTemplate.h"
#include "overlay/CardTheme.h"

#include <QDialog>
#include <QHash>
#include <QRect>

#include <optional>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace pinstage {

class Settings;
class Studio;

/// The card style dialog (View ▸ Card style…): the card template and the show's brand theme
/// (background, text, accent and sale colours — typed as #RRGGBB or picked in a QColorDialog —, font
/// family, logo file, corner radius, card position), the promo code and the shop URL of the QR code.
///
/// Previewed live: every valid edit goes at once to the program through Studio::setCardStyle and
/// Studio::setCardExtras (the card on air is repainted on the card stage's thread), and the dialog's
/// own preview paints the card up (else the catalog's first product) with CardPainter where the
/// template puts it on the canvas. A field whose text is not valid shows why in red next to it, keeps
/// its last valid value on the program and disables OK. Cancel (or Esc, or closing the window) puts
/// back the style and extras the program had when the dialog opened; OK writes them to the settings
/// file's `[card]` section (template, the theme's keys, promo_code, shop_url) and saves it.
///
/// Field names (fieldNames(), also the editors' and message labels' object names, "edit_NAME" and
/// "message_NAME"): template, CardTheme::fieldNames(), promo_code, shop_url.
///
/// Thread contract: main thread. STUDIO and SETTINGS (may be null: OK then saves nothing) must
/// outlive the dialog.
class CardThemeDialog : public QDialog {
    Q_OBJECT
public:
    CardThemeDialog(Studio& studio, Settings* settings, QWidget* parent = nullptr);
    ~CardThemeDialog() override;

    static QStringList fieldNames();

    /// The style and extras the fields give now (each field's last valid value).
    CardTemplate cardTemplate() const { return m_template; }
    CardTheme theme() const { return m_theme; }
    CardExtras extras() const { return m_extras; }

    /// The editor of FIELD (a QLineEdit, QComboBox or QSpinBox), its message label (empty text when the
    /// field is valid), the colour fields' "Pick…" buttons; nullptr for an unknown name.
    QWidget* editor(const QString& field) const;
    QLabel* message(const QString& field) const;
    QPushButton* colourButton(const QString& field) const;
    /// The dialog's preview of the card on the canvas.
    QLabel* previewLabel() const { return m_preview; }
    QDialogButtonBox* buttons() const { return m_buttons; }
    /// Why the last OK could not save the settings file; empty when it could.
    QString saveError() const { return m_saveError; }

public slots:
    void accept() override;
    void reject() override;

private:
    void build();
    void load(const CardTemplate& cardTemplate, const CardTheme& theme, const CardExtras& extras);
    void onEdited(const QString& field);
    void setMessage(const QString& field, const QString& text);
    void apply();
    void updatePreview();
    void pickColour(const QString& field);
    void browseLogo();

    Studio& m_studio;
    Settings* m_settings;
    // What the program had when the dialog opened (Cancel restores it).
    CardTemplate m_originalTemplate;
    CardTheme m_originalTheme;
    CardExtras m_originalExtras;
    QRect m_safeArea;
    // The last valid value of every field.
    CardTemplate m_template;
    CardTheme m_theme;
    CardExtras m_extras;

    QHash<QString, QWidget*> m_editors;
    QHash<QString, QLabel*> m_messages;
    QHash<QString, QPushButton*> m_colourButtons;
    QLabel* m_preview = nullptr;
    QLabel* m_status = nullptr; // why OK could not save
    QDialogButtonBox* m_buttons = nullptr;
    QString m_saveError;
    bool m_loading = false;
    bool m_done = false;
};

} // namespace pinstage
