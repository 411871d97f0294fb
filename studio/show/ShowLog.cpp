// SPDX-License-Identifier: GPL-2.0-or-later
#include "show/ShowLog.h"

#include <QDateTime>
#include <QDir>
#include <QJsonDocument>

namespace pinstage {

ShowLog::ShowLog(QString folder, ShowClock showClock, const Clock& wall)
    : m_folder(std::move(folder))
    , m_clock(std::move(showClock))
    , m_wall(wall)
{
}

bool ShowLog::open()
{
    if (m_file.isOpen())
        return true;
    if (!m_error.isEmpty())
        return false; // reported once; do not retry on every pin
    if (!QDir().mkpath(m_folder)) {
        m_error = QStringLiteral("cannot create the show log folder %1").arg(QDir::toNativeSeparators(m_folder));
        return false;
    }
    const QString name = QStringLiteral("show-%1.jsonl").arg(m_wall.now().toString(QStringLiteral("yyyyMMdd-HHmmss")));
    m_file.setFileName(QDir(m_folder).filePath(name));
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Append)) {
        m_error = QStringLiteral("cannot write the show log %1: %2")
                      .arg(QDir::toNativeSeparators(m_file.fileName()), m_file.errorString());
        return false;
    }
    return true;
}

bool ShowLog::continueFile(const QString& path)
{
    if (m_file.isOpen())
        m_file.close();
    m_error.clear();
    m_file.setFileName(path);
    if (!m_file.open(QIODevice::ReadWrite)) {
        m_error = QStringLiteral("cannot continue the show log %1: %2")
                      .arg(QDir::toNativeSeparators(path), m_file.errorString());
        return false;
    }
    // A line cut short by a crash would glue onto the next event: keep whole lines only.
    const QByteArray data = m_file.readAll();
    if (!data.isEmpty() && !data.endsWith('\n')) {
        const qsizetype keep = data.lastIndexOf('\n') + 1;
        if (!m_file.resize(keep)) {
            m_error = QStringLiteral("cannot repair the show log %1: %2")
                          .arg(QDir::toNativeSeparators(path), m_file.errorString());
            m_file.close();
            return false;
        }
    }
    m_file.seek(m_file.size());
    return true;
}

bool ShowLog::append(const QString& event, QJsonObject fields)
{
    if (!open())
        return false;
    if (!fields.contains(QStringLiteral("t_ms")))
        fields.insert(QStringLiteral("t_ms"), m_clock ? m_clock() : 0);
    if (m_recordingClock && !fields.contains(QStringLiteral("rec_ms"))) {
        if (const qint64 rec = m_recordingClock(); rec >= 0)
            fields.insert(QStringLiteral("rec_ms"), rec);
    }
    for (auto it = m_stamp.constBegin(); it != m_stamp.constEnd(); ++it) {
        if (!fields.contains(it.key()))
            fields.insert(it.key(), it.value());
    }
    fields.insert(QStringLiteral("at"), m_wall.now().toString(Qt::ISODateWithMs));
    fields.insert(QStringLiteral("event"), event);
    const QByteArray line = QJsonDocument(fields).toJson(QJsonDocument::Compact) + '\n';
    if (m_file.write(line) != line.size() || !m_file.flush()) {
        m_error = QStringLiteral("cannot write the show log %1: %2")
                      .arg(QDir::toNativeSeparators(m_file.fileName()), m_file.errorString());
        return false;
    }
    return true;
}

} // namespace pinstage
